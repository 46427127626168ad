import type { SipRequest, SipResponse } from '../sip/index.js';
import type { SipLeg, UaContext } from './context.js';
import type { SipUaSettings } from './settings.js';

/**
 * Session timers (RFC 4028): a dialog whose far end vanished without a BYE is noticed. The
 * refresher re-sends (we use UPDATE) every half interval; without a refresh by the deadline the
 * side that expected it sends BYE.
 */
export type TimerNegotiation =
  | { readonly ok: true; readonly expiresSec: number; readonly refresher: 'uac' | 'uas' }
  | { readonly ok: false };

function parseSessionExpires(
  value: string | undefined,
): { sec: number; refresher?: string } | null {
  if (value === undefined) return null;
  const m = /^\s*(\d{1,10})\s*(?:;(.*))?$/.exec(value);
  if (!m) return null;
  const refresher = /refresher\s*=\s*(uac|uas)/i.exec(m[2] ?? '')?.[1]?.toLowerCase();
  return { sec: Number(m[1]), ...(refresher !== undefined && { refresher }) };
}

/** Reads an INVITE's Session-Expires against our Min-SE (422 when too small). */
export function negotiateSessionTimer(
  request: SipRequest,
  settings: SipUaSettings,
): TimerNegotiation {
  const asked = parseSessionExpires(
    request.headers.get('Session-Expires') ?? request.headers.get('x'),
  );
  const supportsTimer = /\btimer\b/i.test(request.headers.getAll('Supported').join(','));
  if (asked === null) {
    // Not asked for: we still keep one, refreshing it ourselves (works with any UA via UPDATE).
    return { ok: true, expiresSec: settings.sessionExpiresSec, refresher: 'uas' };
  }
  if (asked.sec < settings.minSessionExpiresSec) return { ok: false };
  const refresher = asked.refresher === 'uas' || !supportsTimer ? 'uas' : 'uac';
  return { ok: true, expiresSec: asked.sec, refresher };
}

export function sessionTimerHeaders(leg: SipLeg): [string, string][] {
  const headers: [string, string][] = [
    ['Session-Expires', `${leg.sessionExpiresSec};refresher=${leg.refresher}`],
  ];
  // The caller refreshes only if it understood the extension; Require tells it so (§9).
  if (leg.refresher === 'uac') headers.push(['Require', 'timer']);
  return headers;
}

/** Whether we are the refresher in this dialog, from our role and the agreed refresher. */
function weRefresh(leg: SipLeg): boolean {
  const weAreUas = leg.direction === 'inbound';
  return weAreUas ? leg.refresher === 'uas' : leg.refresher === 'uac';
}

export function startSessionTimer(ctx: UaContext, leg: SipLeg): void {
  leg.sessionTimer?.();
  const scheduler = ctx.options.scheduler;
  if (weRefresh(leg)) {
    leg.sessionTimer = scheduler.after((leg.sessionExpiresSec * 1000) / 2, () => {
      if (leg.state !== 'up') return;
      ctx.send(leg, 'UPDATE', {
        headers: [
          ['Session-Expires', `${leg.sessionExpiresSec};refresher=uac`],
          ['Supported', 'timer'],
        ],
        onResponse: (r) => {
          if (r.status >= 200 && r.status < 300) startSessionTimer(ctx, leg);
          // UPDATE not supported (or refused): the far end answered, so it is alive; go on.
          else if (r.status >= 400 && r.status !== 481 && r.status !== 408)
            startSessionTimer(ctx, leg);
          else expire(ctx, leg);
        },
        onFailure: () => expire(ctx, leg),
      });
    });
  } else {
    // Without a refresh, BYE at expiry minus min(32 s, a third of the interval) (§10).
    const slackMs = Math.min(32_000, (leg.sessionExpiresSec * 1000) / 3);
    leg.sessionTimer = scheduler.after(leg.sessionExpiresSec * 1000 - slackMs, () =>
      expire(ctx, leg),
    );
  }
}

function expire(ctx: UaContext, leg: SipLeg): void {
  if (leg.state !== 'up') return;
  ctx.send(leg, 'BYE');
  ctx.finish(leg, 'media-lost');
}

/** A refresh from the far end (re-INVITE or UPDATE): adopt its interval and restart. */
export function refreshedByPeer(
  ctx: UaContext,
  leg: SipLeg,
  request: SipRequest,
): [string, string][] {
  const asked = parseSessionExpires(request.headers.get('Session-Expires'));
  if (asked !== null && asked.sec >= ctx.options.settings.minSessionExpiresSec) {
    leg.sessionExpiresSec = asked.sec;
    if (asked.refresher === 'uac' || asked.refresher === 'uas') {
      // The sender of this request is the UAC of this transaction.
      const senderIsRefresher = asked.refresher === 'uac';
      const weAreUasOfDialog = leg.direction === 'inbound';
      leg.refresher = senderIsRefresher === weAreUasOfDialog ? 'uac' : 'uas';
    }
  }
  startSessionTimer(ctx, leg);
  const senderRefreshes = !weRefresh(leg);
  return [
    ['Session-Expires', `${leg.sessionExpiresSec};refresher=${senderRefreshes ? 'uac' : 'uas'}`],
  ];
}

/** After our INVITE's 2xx: the interval and refresher the far end agreed to. */
export function adoptFromAnswer(leg: SipLeg, response: SipResponse): void {
  const se = parseSessionExpires(response.headers.get('Session-Expires'));
  if (se === null) {
    leg.refresher = 'uac';
    return;
  }
  leg.sessionExpiresSec = se.sec;
  leg.refresher = se.refresher === 'uas' ? 'uas' : 'uac';
}
