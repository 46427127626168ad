import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agentsApi, type AgentView } from '../../api/agents';
import { ApiFailure } from '../../api/client';
import { usePrincipal } from '../../auth/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import { CallPanel } from './CallPanel';
import { DialPanel } from './DialPanel';
import { OffDutyPrompt, OfferCard } from './OfferCard';
import { SoftphonePanel } from './SoftphonePanel';
import { StatusPanel } from './StatusPanel';
import { WrapUpBanner } from './WrapUpBanner';
import { playCue, setSoundsMuted, soundsMuted } from './sounds';
import { useAgentDesk } from './useAgentDesk';
import styles from './AgentDesktopPage.module.css';

/**
 * The agent's desktop (issue #6): status (AGT-01), the offer (AGT-03, QCB-12, OUT-05), the call
 * with its controls (AGT-04, AGT-07, CTI-06, OUT-01), wrap-up and dispositions (AGT-06),
 * outbound dialing (AGT-05), and the browser softphone (BEY-06).
 */
export default function AgentDesktopPage() {
  const { t } = useTranslation();
  const principal = usePrincipal();
  return (
    <>
      <PageHeading>{t('pages.agent.desktop')}</PageHeading>
      {principal.agentId === null ? (
        <p>{t('pages.agent.notAnAgent')}</p>
      ) : (
        <Desk agentId={principal.agentId} />
      )}
    </>
  );
}

function Desk({ agentId }: { agentId: string }) {
  const { t } = useTranslation();
  const {
    desk,
    dialled,
    colleagues,
    dispositions,
    callerIds,
    queueNames,
    loadError,
    loaded,
    dismissPrompt,
  } = useAgentDesk(agentId);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [muted, setMuted] = useState(soundsMuted);
  const lastCue = useRef(0);

  useEffect(() => {
    if (!desk.cue || desk.cue.seq === lastCue.current) return;
    lastCue.current = desk.cue.seq;
    if (!muted) playCue(desk.cue.kind);
  }, [desk.cue, muted]);

  /** Runs one action; its answer (the agent after it) updates the desk. */
  const run = async (action: () => Promise<AgentView>): Promise<boolean> => {
    setPending(true);
    setError(null);
    try {
      loaded(await action());
      return true;
    } catch (err) {
      // A refusal is shown; anything else is a bug in this page, worth the console too.
      if (!(err instanceof ApiFailure)) console.error(err);
      setError(err);
      return false;
    } finally {
      setPending(false);
    }
  };

  const agent = desk.agent;
  if (!agent)
    return loadError !== null ? <ErrorMessage error={loadError} /> : <p>{t('app.loading')}</p>;
  const call = desk.call;
  const offer = desk.offer;
  const wrapUpCall = desk.wrapUp?.callId || agent.lastCallId;

  return (
    <>
      {error !== null && <ErrorMessage error={error} />}
      <div className={styles.toolbar}>
        <label>
          <input
            type="checkbox"
            checked={muted}
            onChange={(e) => {
              setMuted(e.target.checked);
              setSoundsMuted(e.target.checked);
            }}
          />{' '}
          {t('pages.agent.muteSounds')}
        </label>
      </div>
      {desk.offDutyPrompt && agent.presence === 'off-duty' && (
        <OffDutyPrompt
          onStay={dismissPrompt}
          onStart={() => {
            dismissPrompt();
            void run(() => agentsApi.setStatus(agent.id, 'available', null));
          }}
        />
      )}
      <div className={styles.grid}>
        <StatusPanel agent={agent} onChanged={loaded} />
        {offer && (
          <OfferCard
            offer={offer}
            queueName={offer.queueId ? (queueNames[offer.queueId] ?? null) : null}
            pending={pending}
            onAnswer={() => void run(() => agentsApi.answer(agent.id, offer.offerId))}
            onReject={() => void run(() => agentsApi.reject(agent.id, offer.offerId))}
          />
        )}
        {call ? (
          <CallPanel
            call={call}
            presence={agent.presence}
            colleagues={colleagues}
            dispositions={dispositions}
            pending={pending}
            onStep={(step) => void run(() => agentsApi.step(agent.id, call.callId, step))}
            onTransfer={(target) =>
              void run(() => agentsApi.transfer(agent.id, call.callId, target))
            }
            onConsult={(target) => void run(() => agentsApi.consult(agent.id, call.callId, target))}
            onKey={(key) => run(() => agentsApi.sendDtmf(agent.id, call.callId, key))}
            onDisposition={(id) => run(() => agentsApi.setDisposition(agent.id, call.callId, id))}
          />
        ) : desk.wrapUp ? (
          <WrapUpBanner
            endsAt={desk.wrapUp.endsAt}
            dispositions={dispositions}
            pending={pending}
            onEnd={() => void run(() => agentsApi.endWrapUp(agent.id))}
            onDisposition={(id) =>
              wrapUpCall
                ? run(() => agentsApi.setDisposition(agent.id, wrapUpCall, id))
                : Promise.resolve(false)
            }
          />
        ) : (
          !offer && (
            <section aria-labelledby="agent-call" className={styles.panel}>
              <h2 id="agent-call">{t('pages.agent.currentCall')}</h2>
              <p>{t('pages.agent.noCall')}</p>
            </section>
          )
        )}
        {!call && !offer && (
          <DialPanel
            callerIds={callerIds}
            lastCallerId={agent.lastCallerId}
            pending={pending}
            onDial={(to, callerId) =>
              void run(async () => {
                const after = await agentsApi.dial(agent.id, to, callerId);
                dialled(after, to);
                return after;
              })
            }
          />
        )}
        <SoftphonePanel className={styles.panel} device={agent.device} />
      </div>
    </>
  );
}
