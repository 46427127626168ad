import { useTranslation } from 'react-i18next';
import type { CallStep, CallTarget } from '../../api/agents';
import type { Disposition } from '../../api/dispositions';
import type { AgentPresence } from '@tsunagu/domain';
import type { CallShown } from './deskState';
import { DispositionPicker } from './DispositionPicker';
import { DtmfKeypad } from './DtmfKeypad';
import { TransferPicker, type Colleague } from './TransferPicker';
import styles from './AgentDesktopPage.module.css';

/**
 * The call in progress: recording banner (AGT-04), hold and resume, consultation and its
 * endings (CTI-06), transfer (AGT-07), conference and keys (OUT-01), disposition, end.
 */
export function CallPanel({
  call,
  presence,
  colleagues,
  dispositions,
  pending,
  onStep,
  onTransfer,
  onConsult,
  onKey,
  onDisposition,
}: {
  call: CallShown;
  presence: AgentPresence;
  colleagues: readonly Colleague[];
  dispositions: readonly Disposition[];
  pending: boolean;
  onStep: (step: CallStep) => void;
  onTransfer: (target: CallTarget) => void;
  onConsult: (target: CallTarget) => void;
  onKey: (key: string) => Promise<boolean>;
  onDisposition: (dispositionId: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const c = call.consultation;
  const targetName = c ? (colleagues.find((x) => x.id === c.label)?.name ?? c.label) : '';
  const step = (s: CallStep, label: string, secondary = false) => (
    <button
      type="button"
      className={secondary ? 'button button-secondary' : 'button'}
      disabled={pending}
      onClick={() => onStep(s)}
    >
      {label}
    </button>
  );
  return (
    <section aria-labelledby="agent-call" className={styles.panel}>
      <h2 id="agent-call">{t('pages.agent.currentCall')}</h2>
      {call.recording !== 'off' && (
        <div className={styles.recording} data-recording={call.recording}>
          <span role="status">
            {call.recording === 'on'
              ? t('pages.agent.recordingOn')
              : t('pages.agent.recordingPaused')}
          </span>
          {call.recording === 'on'
            ? step('recording/pause', t('pages.agent.recordingStop'), true)
            : step('recording/resume', t('pages.agent.recordingResume'), true)}
        </div>
      )}
      <p role="status">
        {t(`pages.agent.presence.${presence}`)}
        {call.customerNumber && (
          <> — {t('pages.agent.customer', { number: call.customerNumber })}</>
        )}
        {call.origin && <> ({t(`pages.agent.origins.${call.origin}`)})</>}
      </p>
      {c && (
        <p role="status" className={styles.consult}>
          {call.conference
            ? t('pages.agent.conferenceOn')
            : c.transfer
              ? t('pages.agent.transferRinging', { target: targetName })
              : c.answered
                ? t('pages.agent.consultTalking', { target: targetName })
                : t('pages.agent.consultRinging', { target: targetName })}
        </p>
      )}
      <div className={styles.row}>
        {!c && presence === 'on-call' && step('hold', t('pages.agent.hold'))}
        {!c && presence === 'on-hold' && step('resume', t('pages.agent.resume'))}
        {c && !c.transfer && c.answered && !call.conference && (
          <>
            {step('consult/connect', t('pages.agent.consultConnect'))}
            {step('conference', t('pages.agent.conference'))}
            {step('consult/release', t('pages.agent.consultRelease'), true)}
          </>
        )}
        {c &&
          !c.transfer &&
          !c.answered &&
          step('consult/cancel', t('pages.agent.consultCancel'), true)}
        {step('hangup', t('pages.agent.hangup'), true)}
        {(c || call.conference) && step('end-all', t('pages.agent.endAll'), true)}
      </div>
      {!c && (
        <TransferPicker
          colleagues={colleagues}
          pending={pending}
          onTransfer={onTransfer}
          onConsult={onConsult}
        />
      )}
      <DtmfKeypad onKey={onKey} />
      <DispositionPicker dispositions={dispositions} onSet={onDisposition} />
    </section>
  );
}
