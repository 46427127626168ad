/** A TransactionLayer on a VirtualScheduler and a FakeTransport, with a recording TU. */
import { SipHeaders, type SipRequest, type SipResponse } from '../../../src/sip/message.js';
import { TransactionLayer } from '../../../src/sip/transaction/layer.js';
import type {
  ClientTransactionHandlers,
  ServerTransaction,
  TransactionUser,
  TransportAddress,
} from '../../../src/sip/transaction/types.js';
import { VirtualScheduler } from '../../../src/virtual/scheduler.js';
import { FakeTransport } from './fake-transport.js';

export const PEER_UDP: TransportAddress = { protocol: 'udp', host: '198.51.100.7', port: 5060 };
export const PEER_TCP: TransportAddress = {
  protocol: 'tcp',
  host: '198.51.100.7',
  port: 40000,
  connectionId: 'tcp-1',
};

export function setup(overrides: Partial<TransactionUser> = {}) {
  const scheduler = new VirtualScheduler();
  const transport = new FakeTransport(() => scheduler.now());
  const requests: ServerTransaction[] = [];
  const cancels: Array<{ invite: ServerTransaction; cancel: SipRequest }> = [];
  const acks: SipRequest[] = [];
  const stray: SipResponse[] = [];
  const errors: unknown[] = [];
  const layer = new TransactionLayer({
    transport,
    scheduler,
    user: {
      onRequest: (tx) => requests.push(tx),
      onCancel: (invite, cancel) => cancels.push({ invite, cancel }),
      onAck: (ack) => acks.push(ack),
      onStray2xx: (r) => stray.push(r),
      ...overrides,
    },
    via: (protocol) => ({ host: '192.0.2.1', port: protocol === 'udp' ? 5060 : 5070 }),
    onError: (e) => errors.push(e),
  });
  return { scheduler, transport, layer, requests, cancels, acks, stray, errors };
}

export function recorder() {
  const log = { responses: [] as SipResponse[], timeouts: 0, transportErrors: 0 };
  const handlers: ClientTransactionHandlers = {
    onResponse: (r) => log.responses.push(r),
    onTimeout: () => (log.timeouts += 1),
    onTransportError: () => (log.transportErrors += 1),
  };
  return { log, handlers };
}

export function outgoing(method: string, cseq = 1): SipRequest {
  return {
    kind: 'request',
    method,
    uri: 'sip:bob@198.51.100.7',
    headers: new SipHeaders([
      ['From', '<sip:queue@192.0.2.1>;tag=q1'],
      ['To', '<sip:bob@198.51.100.7>'],
      ['Call-ID', 'out-1@192.0.2.1'],
      ['CSeq', `${cseq} ${method}`],
      ['Route', '<sip:proxy.example.com;lr>'],
    ]),
    body: new Uint8Array(0),
  };
}
