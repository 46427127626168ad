import { describe, it, expect } from 'vitest';
import { createVirtualCenter } from '../src/runtime/virtual-center.js';
import { demoConfig, agentId, DEMO_QUEUE_NUMBER } from '../src/runtime/demo-config.js';

describe('smoke callback', () => {
  it('[QCB-05] customer-first callback end to end', () => {
    const vc = createVirtualCenter();
    for (const input of demoConfig({ agentCount: 1 }))
      expect(vc.runner.submit(input)?.error).toBeUndefined();
    vc.runner.submit({ type: 'agent.set-status', agentId: agentId(0), status: 'available' });
    vc.telephony.placeCall('09011112222', DEMO_QUEUE_NUMBER, {
      patienceMs: Infinity,
      talkMs: 100_000,
    });
    vc.scheduler.runUntil(vc.scheduler.now() + 5_000);
    vc.telephony.placeCall('09033334444', DEMO_QUEUE_NUMBER, {
      patienceMs: Infinity,
      talkMs: 30_000,
      onPrompt: { 'queue.callback-offer': '1', 'callback.confirm-menu': '1' },
    });
    vc.scheduler.runUntil(vc.scheduler.now() + 400_000);
    const done = vc.events.find((e) => e.type === 'callback.completed');
    expect(done).toMatchObject({ outcome: 'connected' });
  });
});
