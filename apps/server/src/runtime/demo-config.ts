import type { AdminInput, CenterInput, QueueInput } from '@tsunagu/domain';

/**
 * A small, realistic configuration: one Tokyo center open 09:00-18:00 on weekdays, a support
 * queue with callbacks, and `agentCount` agents in routing order. Used by the demo, the
 * simulator and tests.
 */
export interface DemoOptions {
  readonly agentCount?: number;
  readonly alwaysOpen?: boolean;
  readonly queue?: Partial<QueueInput>;
  readonly center?: Partial<CenterInput>;
}

export const DEMO_CENTER_ID = 'tokyo';
export const DEMO_QUEUE_ID = 'support';
export const DEMO_QUEUE_NUMBER = '0312345678';
export const DEMO_CALLER_ID = '0312345678';

export function agentId(i: number): string {
  return `agent-${String(i + 1).padStart(3, '0')}`;
}

export function demoConfig(options: DemoOptions = {}): AdminInput[] {
  const agentCount = options.agentCount ?? 3;
  const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' }));
  const inputs: AdminInput[] = [
    {
      type: 'center.upsert',
      center: {
        id: DEMO_CENTER_ID,
        name: '東京サポートセンター',
        country: 'JP',
        timeZone: 'Asia/Tokyo',
        language: 'ja',
        businessHours: {
          alwaysOpen: options.alwaysOpen ?? true,
          weekly: weekdays,
          closedDates: [],
        },
        callerIds: [
          { number: DEMO_CALLER_ID, label: '代表' },
          { number: '0698765432', label: '大阪' },
        ],
        dispositions: [
          { id: 'resolved', label: 'Resolved', labelJa: '解決' },
          { id: 'follow-up', label: 'Follow-up needed', labelJa: '要フォロー' },
        ],
        ...options.center,
      },
    },
  ];
  const members: string[] = [];
  for (let i = 0; i < agentCount; i += 1) {
    const id = agentId(i);
    members.push(id);
    inputs.push({
      type: 'agent.upsert',
      agent: { id, centerId: DEMO_CENTER_ID, name: `Agent ${i + 1}` },
    });
  }
  inputs.push({
    type: 'queue.upsert',
    queue: {
      id: DEMO_QUEUE_ID,
      centerId: DEMO_CENTER_ID,
      name: 'サポート',
      numbers: [DEMO_QUEUE_NUMBER],
      members,
      callerId: DEMO_CALLER_ID,
      voicemailKey: '9',
      callback: { enabled: true, minWaiting: 1, key: '1' },
      ...options.queue,
    },
  });
  return inputs;
}
