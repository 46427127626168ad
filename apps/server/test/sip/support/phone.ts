import { expect } from 'vitest';
import type { sipUa } from '@tsunagu/telephony';
import { sipAgent, type SipTestNode } from './sip-node.js';
import {
  describeRun,
  freeSipPort,
  runSipp,
  startSipp,
  type SippProcess,
  type SippResult,
} from './sipp.js';

/**
 * An agent's desk phone played by SIPp. The registrar sends INVITEs back to the address a
 * REGISTER came from, so the phone registers from a port (one SIPp run) and then answers on the
 * same port (a second run, once the first has let it go).
 */
export async function registeredPhone(
  n: SipTestNode,
  agentId: string,
  username: string,
): Promise<{ port: number; username: string }> {
  const password = `phone ${username} secret pass`;
  await sipAgent(n, agentId, username, password);
  const port = await freeSipPort();
  const result = await registerFrom(n, port, 'phone-register.xml', username, password);
  expect(result.code, describeRun(result)).toBe(0);
  expect(n.sip.stack.registrar.lookup(username)).toHaveLength(1);
  return { port, username };
}

/** SIPp registers from `port`, where the registrar will send the phone's INVITEs. */
export function registerFrom(
  n: SipTestNode,
  port: number,
  scenario: string,
  username: string,
  password: string,
): Promise<SippResult> {
  return runSipp({
    scenario,
    remote: { host: '127.0.0.1', port: n.port },
    localPort: port,
    keys: { user: username },
    auth: { username, password },
  });
}

/** Starts the phone's answering scenario on the port it registered from. */
export function answeringPhone(
  phone: { port: number; username: string },
  scenario: string,
  options: { pauseMs: number; keys?: Record<string, string> },
): Promise<SippProcess> {
  return startSipp({
    scenario,
    localPort: phone.port,
    keys: { user: phone.username, ...options.keys },
    pauseMs: options.pauseMs,
    rtpEcho: true,
    timeoutSec: 60,
  });
}

/** Remembers each SIP leg the UA makes (legs leave the map when they end; counters stay). */
export class LegWatcher {
  readonly seen = new Map<string, sipUa.SipLeg>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly n: SipTestNode) {
    const before = new Set(n.sip.stack.telephony.legs.keys());
    this.timer = setInterval(() => {
      for (const [id, leg] of this.n.sip.stack.telephony.legs)
        if (!before.has(id)) this.seen.set(id, leg);
    }, 10);
  }

  inbound(): sipUa.SipLeg | undefined {
    return [...this.seen.values()].find((l) => l.direction === 'inbound');
  }

  outbound(): sipUa.SipLeg | undefined {
    return [...this.seen.values()].find((l) => l.direction === 'outbound');
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** A snapshot of a leg's RTP counters. */
export function countersOf(leg: sipUa.SipLeg | undefined): { received: number; sent: number } {
  const c = leg?.media?.counters;
  return { received: c?.received ?? 0, sent: c?.sent ?? 0 };
}
