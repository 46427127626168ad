import type { OriginateTarget } from '@tsunagu/domain';
import { parseNameAddr } from '../sip/index.js';
import type { UaContext } from './context.js';

/** The SIP URI a party is sent to by REFER or 302: an agent's phone, or a number via the trunk. */
export function transferTarget(ctx: UaContext, target: OriginateTarget): string | null {
  if (target.kind === 'agent') {
    const device = ctx.options.agentDevice(target.agentId);
    if (device?.kind === 'sip') {
      const uri = parseNameAddr(device.aor)?.uri;
      const user = uri && uri.scheme !== 'tel' ? uri.user : undefined;
      const binding = user === undefined ? undefined : ctx.options.registrar.lookup(user)[0];
      return binding?.contact ?? null;
    }
    if (device?.kind === 'external') return numberUri(ctx, device.number);
    return null;
  }
  return numberUri(ctx, target.number);
}

function numberUri(ctx: UaContext, number: string): string | null {
  const trunk = ctx.options.settings.trunks.find((t) => t.outbound !== undefined)?.outbound;
  if (trunk === undefined) return null;
  return `sip:${encodeURIComponent(number)}@${trunk.domain ?? trunk.host}:${trunk.port}`;
}
