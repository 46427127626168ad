import type { EngineState, TelephonyEvent } from '@tsunagu/domain';
import type { TelephonyPort } from '@tsunagu/telephony';
import type { Logger } from 'pino';

export type RefusalReason = 'draining' | 'capacity';

/**
 * Admission control at the node's edge, before the engine (which has none of its own): while
 * the node drains for shutdown, or when it already carries `maxCalls` live calls, a new inbound
 * leg is hung up at once (reason 'rejected'; the SIP adapter answers 503, CC_ERR_UNAVAILABLE)
 * and never becomes a call. Everything else passes untouched, so live calls go on.
 */
export class Admission {
  private drainingSince: number | null = null;

  constructor(
    private readonly state: EngineState,
    private readonly maxCalls: number,
    private readonly logger: Logger,
    private readonly onRefused: (reason: RefusalReason) => void = () => {},
  ) {}

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  startDraining(now = Date.now()): void {
    this.drainingSince ??= now;
  }

  /** Why a new call would be refused now, or null when it is welcome. */
  refusal(): RefusalReason | null {
    if (this.draining) return 'draining';
    if (this.state.calls.size >= this.maxCalls) return 'capacity';
    return null;
  }

  /** The telephony port as the engine should see it: inbound legs pass the gate first. */
  guard(telephony: TelephonyPort): TelephonyPort {
    return {
      execute: (command) => telephony.execute(command),
      close: () => telephony.close(),
      onEvent: (listener) =>
        telephony.onEvent((event: TelephonyEvent) => {
          if (event.type === 'leg.offered') {
            const reason = this.refusal();
            if (reason !== null) {
              telephony.execute({ type: 'leg.hangup', legId: event.legId, reason: 'rejected' });
              this.onRefused(reason);
              this.logger.warn(
                { legId: event.legId, to: event.to, reason, code: 'CC_ERR_UNAVAILABLE' },
                'new call refused / 新しい着信を拒否しました',
              );
              return;
            }
          }
          listener(event);
        }),
    };
  }
}

/**
 * Waits until the live calls have ended, or `timeoutMs` has passed; returns how many are left.
 * Calls still live at the deadline lose their media when the node closes, and the next start
 * ends them with reason media-lost (recovery). Pending callback requests are in the database
 * and keep their places.
 */
export async function drainCalls(
  state: EngineState,
  timeoutMs: number,
  logger: Logger,
  pollMs = 100,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lastReported = -1;
  while (state.calls.size > 0 && Date.now() < deadline) {
    if (state.calls.size !== lastReported) {
      lastReported = state.calls.size;
      logger.info(
        { liveCalls: lastReported, secondsLeft: Math.ceil((deadline - Date.now()) / 1000) },
        'draining: waiting for live calls to end / 通話の終了を待っています',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const left = state.calls.size;
  if (left > 0) logger.warn({ liveCalls: left }, 'drain timeout: closing with calls still live');
  return left;
}
