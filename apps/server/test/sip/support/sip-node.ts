import type { DomainEvent } from '@tsunagu/domain';
import { expect } from 'vitest';
import type { NodeSip } from '../../../src/server/sip.js';
import { startTestNode, type TestNode } from '../../support/test-node.js';
import { freeSipPort } from './sipp.js';

/** The demo data every node starts with (apps/server/src/runtime/demo-config.ts). */
export const QUEUE_NUMBER = '0312345678';
export const QUEUE_ID = 'support';
export const CENTER_ID = 'tokyo';
export const SIP_REALM = 'tsunagu';

/** A node with SIP on free loopback ports, an admin session and every domain event it commits. */
export interface SipTestNode {
  readonly t: TestNode;
  readonly sip: NodeSip;
  readonly port: number;
  readonly admin: string;
  readonly events: DomainEvent[];
  /** Calls the engine still has (0 once every call ended). */
  callCount(): number;
  stop(): Promise<void>;
}

export interface SipNodeOptions {
  /** Addresses allowed to send INVITEs without digest (the trunk's). */
  readonly trunkAddresses?: readonly string[];
  /** Other `tsunagu serve` flags (e.g. `sip-max-legs`). */
  readonly flags?: Readonly<Record<string, string>>;
  /** Where the trunk sends outbound calls (a SIPp UAS playing customers); a free port if omitted. */
  readonly outboundPort?: number;
}

export async function startSipNode(options: SipNodeOptions = {}): Promise<SipTestNode> {
  // Numbers leave through the trunk (transfers' Refer-To); nothing needs to listen there.
  const outboundPort = options.outboundPort ?? (await freeSipPort());
  const trunks = [
    {
      name: 'local',
      inboundAddresses: options.trunkAddresses ?? ['127.0.0.1'],
      outbound: { host: '127.0.0.1', port: outboundPort, protocol: 'udp' },
    },
  ];
  const t = await startTestNode('pglite', {
    'sip-port': '0',
    'sip-trunks': JSON.stringify(trunks),
    'sip-realm': SIP_REALM,
    ...options.flags,
  });
  const sip = t.node.sip;
  if (sip === null) throw new Error('the node started without SIP');
  const events: DomainEvent[] = [];
  const unsubscribe = t.node.bus.subscribe((published) => events.push(published.event));
  const admin = await t.login();
  return {
    t,
    sip,
    port: sip.stack.address.udp,
    admin,
    events,
    callCount: () => t.node.runner.state.calls.size,
    async stop() {
      unsubscribe();
      await t.stop();
    },
  };
}

/**
 * Gives `agentId` a SIP desk phone registering as `username`, with that password, and makes the
 * agent available. The account goes straight into the node's directory (as the database reload
 * would put it).
 */
export async function sipAgent(
  n: SipTestNode,
  agentId: string,
  username: string,
  password: string,
): Promise<void> {
  // Through the API, as an admin would: the node reloads its registrar's accounts.
  const account = await n.t.request(
    'PUT',
    `/api/v1/centers/${CENTER_ID}/sip-accounts/${username}`,
    {
      cookie: n.admin,
      body: { password, agentId },
    },
  );
  expect(account.status, JSON.stringify(account.body)).toBe(200);
  expect(n.sip.accounts.find(username)).toBeDefined();
  const device = await n.t.request('PATCH', `/api/v1/agents/${agentId}`, {
    cookie: n.admin,
    body: { device: { kind: 'sip', aor: `sip:${username}@${SIP_REALM}` } },
  });
  expect(device.status, JSON.stringify(device.body)).toBe(200);
}

export async function setAgentStatus(n: SipTestNode, agentId: string, status: string) {
  const res = await n.t.request('POST', `/api/v1/agents/${agentId}/status`, {
    cookie: n.admin,
    body: { status },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Polls until `probe` gives a value (not undefined, null or false), failing after `timeoutMs`. */
export async function eventually<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The first committed event of `type` that satisfies `match`. */
export function eventOf<T extends DomainEvent['type']>(
  n: SipTestNode,
  type: T,
  match: (e: Extract<DomainEvent, { type: T }>) => boolean = () => true,
): Extract<DomainEvent, { type: T }> | undefined {
  return n.events.find(
    (e): e is Extract<DomainEvent, { type: T }> =>
      e.type === type && match(e as Extract<DomainEvent, { type: T }>),
  );
}
