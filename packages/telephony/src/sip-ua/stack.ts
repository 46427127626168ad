import { randomBytes } from 'node:crypto';
import type { AgentDevice } from '@tsunagu/domain';
import { TransactionLayer } from '../sip/transaction/layer.js';
import {
  MultiTransport,
  TcpTransport,
  UdpTransport,
  WsTransport,
  type BoundTransport,
} from '../sip-transport/index.js';
import { RealtimeScheduler } from '../realtime-scheduler.js';
import type { TaskScheduler } from '../virtual/scheduler.js';
import type { SipAccountDirectory } from './accounts.js';
import { secretOf } from './accounts.js';
import { DigestGuard } from './digest-guard.js';
import type { MediaProvider } from './media-port.js';
import { Registrar, type Binding } from './registrar.js';
import { DEFAULT_SIP_UA_SETTINGS, type SipUaSettings } from './settings.js';
import { SipTelephony } from './sip-telephony.js';

export interface SipStackOptions {
  /** Signalling bind address; UDP and TCP share `port` (0 picks a free one). */
  readonly host: string;
  readonly port: number;
  /** SIP over WebSocket (RFC 7118); null or absent for none. */
  readonly wsPort?: number | null;
  readonly ua: Partial<SipUaSettings> & Pick<SipUaSettings, 'recordingsDir'>;
  readonly accounts: SipAccountDirectory;
  readonly agentDevice: (agentId: string) => AgentDevice | undefined;
  /** Opens media sessions (RTP ports on the same host). */
  readonly media: MediaProvider;
  readonly scheduler?: TaskScheduler;
  readonly admit?: () => boolean;
  readonly onError?: (err: unknown, context: string) => void;
  readonly onRefused?: (reason: 'capacity' | 'forbidden' | 'unauthenticated') => void;
  /** A phone's bindings changed (registered, refreshed, unregistered): to keep them (restart). */
  readonly onRegistration?: (username: string, bindings: readonly Binding[]) => void;
}

export interface SipStack {
  readonly telephony: SipTelephony;
  readonly registrar: Registrar;
  readonly address: {
    readonly host: string;
    readonly udp: number;
    readonly tcp: number;
    readonly ws: number | null;
  };
  close(): Promise<void>;
}

/** UDP and TCP on one port: bind UDP first, then TCP on the same number (retrying on clashes). */
async function bindSignalling(
  host: string,
  port: number,
): Promise<{ udp: UdpTransport; tcp: TcpTransport }> {
  for (let attempt = 0; ; attempt++) {
    const udp = await UdpTransport.listen({ host, port });
    try {
      const tcp = await TcpTransport.listen({ host, port: udp.address().port });
      return { udp, tcp };
    } catch (err) {
      await udp.close();
      if (port !== 0 || attempt >= 10) throw err;
    }
  }
}

/** Sockets, transactions, registrar and the user agent, ready to carry calls. */
export async function startSipStack(o: SipStackOptions): Promise<SipStack> {
  const scheduler = o.scheduler ?? new RealtimeScheduler();
  const { udp, tcp } = await bindSignalling(o.host, o.port);
  const ws =
    o.wsPort === undefined || o.wsPort === null
      ? null
      : await WsTransport.listen({ host: o.host, port: o.wsPort });
  const transports: Record<string, BoundTransport> = { udp, tcp };
  if (ws) transports.ws = ws;
  const transport = new MultiTransport(transports);
  const settings: SipUaSettings = {
    ...DEFAULT_SIP_UA_SETTINGS,
    advertisedHost: o.ua.advertisedHost ?? o.host,
    nonceSecret: o.ua.nonceSecret ?? randomBytes(32).toString('base64url'),
    ...o.ua,
  };
  const advertised = (protocol: 'udp' | 'tcp' | 'ws'): { host: string; port: number } => ({
    host: settings.advertisedHost,
    port: transports[protocol]?.address().port ?? udp.address().port,
  });
  const now = (): number => scheduler.now();
  const lookup = (username: string, algorithm: 'MD5' | 'SHA-256') =>
    secretOf(o.accounts.find(username), algorithm);
  const registrar = new Registrar({
    guard: new DigestGuard({
      realm: settings.realm,
      secret: settings.nonceSecret,
      lookup,
      now,
      algorithms: settings.digestAlgorithms,
    }),
    now,
    minExpiresSec: settings.minRegisterSec,
    maxExpiresSec: settings.maxRegisterSec,
    ...(o.onRegistration && { onChange: o.onRegistration }),
  });
  const trunkAuth = new Map(
    settings.trunks.flatMap((t) =>
      t.inboundAuth ? [[t.inboundAuth.username, t.inboundAuth.password] as const] : [],
    ),
  );
  const inviteGuard = new DigestGuard({
    realm: settings.realm,
    secret: settings.nonceSecret,
    // Trunks with credentials and agents' phones both authenticate INVITEs by digest.
    lookup: (username, algorithm) => {
      const password = trunkAuth.get(username);
      return password !== undefined ? { password } : lookup(username, algorithm);
    },
    now,
    algorithms: settings.digestAlgorithms,
  });
  // The layer and the user agent refer to each other; the callbacks run only after both exist.
  const layer = new TransactionLayer({
    transport,
    scheduler,
    user: {
      onRequest: (tx) => telephony.onRequest(tx),
      onCancel: (invite) => telephony.onCancel(invite),
      onAck: (ack) => telephony.onAck(ack),
      onStray2xx: (response) => telephony.onStray2xx(response),
    },
    via: advertised,
    onError: (err) => o.onError?.(err, 'sip transaction layer'),
  });
  const telephony: SipTelephony = new SipTelephony({
    settings,
    layer,
    scheduler,
    media: o.media,
    registrar,
    accounts: o.accounts,
    inviteGuard,
    agentDevice: o.agentDevice,
    localAddress: advertised,
    ...(o.admit !== undefined && { admit: o.admit }),
    ...(o.onError !== undefined && { onError: o.onError }),
    ...(o.onRefused !== undefined && { onRefused: o.onRefused }),
  });
  return {
    telephony,
    registrar,
    address: {
      host: o.host,
      udp: udp.address().port,
      tcp: tcp.address().port,
      ws: ws?.address().port ?? null,
    },
    async close() {
      await telephony.close();
      layer.close();
      await transport.close();
      await o.media.close();
      if (o.scheduler === undefined) (scheduler as RealtimeScheduler).close();
    },
  };
}
