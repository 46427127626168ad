import type { Route } from '@tsunagu/domain';
import { useTranslation } from 'react-i18next';
import type { CallerId } from '../../api/callerIds';
import type { Queue, QueueSettings } from '../../api/queues';
import { Field } from '../../components/Field';
import type { FieldErrors } from '../../components/fieldErrors';
import styles from './admin.module.css';
import { getPath, setPath } from './draft';
import { RouteField } from './RouteField';

/** Numeric settings and the server's bounds (packages/domain/src/model/queue.ts). */
export const QUEUE_NUMBERS = {
  priority: [-10, 10],
  serviceLevelSec: [1, 3600],
  announceIntervalSec: [10, 3600],
  maxWaitSec: [10, 86_400],
  maxSize: [1, 100_000],
  'callback.minWaiting': [1, 10_000],
  'callback.retry.maxAttempts': [0, 10],
  'callback.retry.intervalSec': [10, 86_400],
  'callback.dialTimeoutSec': [5, 120],
  ringTimeoutSec: [5, 300],
  wrapUpSec: [0, 3600],
} as const;
type NumberPath = keyof typeof QUEUE_NUMBERS;

type FlagPath =
  | 'queueWhenBusy'
  | 'keepWaitingAfterHours'
  | 'announcePosition'
  | 'announceEstimatedWait'
  | 'callback.enabled'
  | 'callback.allowOtherNumber'
  | 'callback.allowScheduled'
  | 'agentsMayPauseRecording';

const CHOICES = {
  strategy: ['ordered', 'longest-idle', 'round-robin', 'skills'],
  'callback.mode': ['customer-first', 'agent-first'],
  ringTimeoutPolicy: ['agent-off-duty', 'keep-ready'],
  afterCallStatus: ['available', 'busy'],
  recording: ['off', 'auto'],
} as const;
type ChoicePath = keyof typeof CHOICES;

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;

const idOf = (path: string) => `queue-${path.replaceAll('.', '-')}`;
const list = (text: string) =>
  text
    .split(/[\s,、]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Every setting of a queue, grouped as an admin thinks of them: the queue, the hold queue
 * (HQ-02, HQ-04, HQ-06), callbacks (QCB-01..17), and agents (AGT-03, AGT-04, AGT-06). Errors
 * appear beside the field they are about.
 */
export function QueueForm({
  draft,
  onChange,
  errors,
  queues,
  callerIds,
}: {
  draft: QueueSettings & { id: string };
  onChange: (draft: QueueSettings & { id: string }) => void;
  errors: FieldErrors;
  queues: readonly Queue[];
  callerIds: readonly CallerId[];
}) {
  const { t } = useTranslation();
  const set = (path: string, value: unknown) => onChange(setPath(draft, path, value));

  const number = (path: NumberPath) => {
    const [min, max] = QUEUE_NUMBERS[path];
    const value = getPath(draft, path);
    return (
      <Field id={idOf(path)} label={t(`pages.admin.queue.fields.${path}`)} error={errors[path]}>
        <input
          type="number"
          min={min}
          max={max}
          step={1}
          value={Number.isNaN(value) ? '' : String(value)}
          onChange={(e) => set(path, e.target.value === '' ? NaN : Number(e.target.value))}
        />
      </Field>
    );
  };
  const flag = (path: FlagPath) => (
    <Field
      id={idOf(path)}
      inline
      label={t(`pages.admin.queue.fields.${path}`)}
      error={errors[path]}
    >
      <input
        type="checkbox"
        checked={Boolean(getPath(draft, path))}
        onChange={(e) => set(path, e.target.checked)}
      />
    </Field>
  );
  const choice = (path: ChoicePath) => (
    <Field id={idOf(path)} label={t(`pages.admin.queue.fields.${path}`)} error={errors[path]}>
      <select value={String(getPath(draft, path))} onChange={(e) => set(path, e.target.value)}>
        {CHOICES[path].map((option) => (
          <option key={option} value={option}>
            {t(`pages.admin.queue.options.${option}`)}
          </option>
        ))}
      </select>
    </Field>
  );
  const key = (path: 'voicemailKey' | 'callback.key', allowNone: boolean) => (
    <Field id={idOf(path)} label={t(`pages.admin.queue.fields.${path}`)} error={errors[path]}>
      <select
        value={(getPath(draft, path) as string | null) ?? ''}
        onChange={(e) => set(path, e.target.value === '' ? null : e.target.value)}
      >
        {allowNone && <option value="">{t('pages.admin.queue.noKey')}</option>}
        {DIGITS.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
    </Field>
  );
  const route = (path: 'fallback' | 'afterHours') => (
    <RouteField
      id={idOf(path)}
      legend={t(`pages.admin.queue.fields.${path}`)}
      route={draft[path]}
      queues={queues.filter((q) => q.id !== draft.id)}
      error={errors[path] ?? errors[`${path}.number`] ?? errors[`${path}.queueId`]}
      onChange={(r: Route) => set(path, r)}
    />
  );

  return (
    <>
      <fieldset className={styles.fieldset}>
        <legend>{t('pages.admin.queue.sections.queue')}</legend>
        <Field id="queue-name" label={t('pages.admin.queue.fields.name')} error={errors.name}>
          <input value={draft.name} onChange={(e) => set('name', e.target.value)} />
        </Field>
        <Field
          id="queue-numbers"
          label={t('pages.admin.queue.fields.numbers')}
          hint={t('pages.admin.common.listHint')}
          error={
            errors.numbers ?? Object.entries(errors).find(([p]) => p.startsWith('numbers.'))?.[1]
          }
        >
          <input
            defaultValue={draft.numbers.join(', ')}
            onChange={(e) => set('numbers', list(e.target.value))}
          />
        </Field>
        {choice('strategy')}
        <Field
          id="queue-requiredSkills"
          label={t('pages.admin.queue.fields.requiredSkills')}
          hint={t('pages.admin.common.listHint')}
          error={errors.requiredSkills}
        >
          <input
            defaultValue={draft.requiredSkills.join(', ')}
            onChange={(e) => set('requiredSkills', list(e.target.value))}
          />
        </Field>
        {number('priority')}
        {number('serviceLevelSec')}
        <Field
          id="queue-callerId"
          label={t('pages.admin.queue.fields.callerId')}
          error={errors.callerId}
        >
          <select
            value={draft.callerId ?? ''}
            onChange={(e) => set('callerId', e.target.value === '' ? null : e.target.value)}
          >
            <option value="">{t('pages.admin.common.none')}</option>
            {callerIds.map((c) => (
              <option key={c.number} value={c.number}>
                {c.label ? `${c.label} (${c.number})` : c.number}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>{t('pages.admin.queue.sections.holdQueue')}</legend>
        {flag('queueWhenBusy')}
        {flag('keepWaitingAfterHours')}
        {flag('announcePosition')}
        {flag('announceEstimatedWait')}
        {number('announceIntervalSec')}
        {number('maxWaitSec')}
        {number('maxSize')}
        {key('voicemailKey', true)}
        {route('fallback')}
        {route('afterHours')}
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>{t('pages.admin.queue.sections.callback')}</legend>
        {flag('callback.enabled')}
        {number('callback.minWaiting')}
        {key('callback.key', false)}
        {choice('callback.mode')}
        {number('callback.retry.maxAttempts')}
        {number('callback.retry.intervalSec')}
        {flag('callback.allowOtherNumber')}
        {flag('callback.allowScheduled')}
        {number('callback.dialTimeoutSec')}
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>{t('pages.admin.queue.sections.agents')}</legend>
        {number('ringTimeoutSec')}
        {choice('ringTimeoutPolicy')}
        {number('wrapUpSec')}
        {choice('afterCallStatus')}
        {choice('recording')}
        {flag('agentsMayPauseRecording')}
      </fieldset>
    </>
  );
}
