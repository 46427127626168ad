import { describe, expect, it } from 'vitest';
import { setup } from '../support/scenario-center.js';

describe('queue configuration', () => {
  it("[QCB-04] a queue's callback caller ID must be one of the center's numbers; nothing changes otherwise", () => {
    const sc = setup({ agentCount: 1 });
    const before = structuredClone(sc.vc.runner.state.queues.get('support'));
    const refused = sc.updateQueue({ callerId: '0120999999' });
    expect(refused.error?.code).toBe('CC_ERR_REFERENCE_INVALID');
    expect(refused.events).toHaveLength(0);
    expect(sc.vc.runner.state.queues.get('support')).toEqual(before);
    expect(sc.updateQueue({ callerId: '0698765432' }).error).toBeUndefined();
    expect(sc.vc.runner.state.queues.get('support')?.callerId).toBe('0698765432');
  });
});
