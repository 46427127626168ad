import { describe, it, expect } from 'vitest';
import { createVirtualCenter } from '../src/runtime/virtual-center.js';
import { demoConfig, agentId, DEMO_QUEUE_NUMBER } from '../src/runtime/demo-config.js';

describe('smoke', () => {
  it('[HQ-01] a caller reaches a free agent and the call ends cleanly', () => {
    const vc = createVirtualCenter();
    for (const input of demoConfig({ agentCount: 2 }))
      expect(vc.runner.submit(input)?.error).toBeUndefined();
    vc.runner.submit({ type: 'agent.set-status', agentId: agentId(0), status: 'available' });
    vc.telephony.placeCall('09011112222', DEMO_QUEUE_NUMBER, {
      patienceMs: Infinity,
      talkMs: 30_000,
    });
    vc.scheduler.runUntil(vc.scheduler.now() + 120_000);
    const types = vc.events.map((e) => e.type);
    expect(types).toContain('call.connected');
    expect(types).toContain('call.ended');
    expect(vc.runner.state.calls.size).toBe(0);
  });
});
