import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { viewsApi, type AgentStatus } from '../../api/views';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import { useEventStream } from '../../events/useEventStream';
import { RecordingList } from './RecordingList';
import { VoicemailList } from './VoicemailList';
import { CenterPicker, useCenter, useQueues } from './useCenter';
import styles from './supervisor.module.css';

/** Voicemail and call recordings of the center (AGT-09): listen, mark, delete. */
export default function VoicemailPage() {
  const { t } = useTranslation();
  const choice = useCenter();
  const center = choice.center;
  const queues = useQueues(center?.id);
  const [agents, setAgents] = useState<readonly AgentStatus[]>([]);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    if (!center) return;
    let live = true;
    viewsApi.agentStatus(center.id).then(
      (r) => live && setAgents(r.items),
      () => live && setAgents([]),
    );
    return () => {
      live = false;
    };
  }, [center]);

  useEventStream({ types: ['voicemail.recorded'], centerId: center?.id }, () =>
    setNotice(t('pages.supervisor.inbox.newVoicemail')),
  );

  return (
    <>
      <PageHeading>{t('pages.supervisor.voicemail')}</PageHeading>
      <CenterPicker choice={choice} />
      {choice.error !== null && <ErrorMessage error={choice.error} />}
      <p role="status" className={styles.status}>
        {notice}
      </p>
      {center && <VoicemailList center={center} queues={queues} onNotice={setNotice} />}
      {center && (
        <RecordingList center={center} queues={queues} agents={agents} onNotice={setNotice} />
      )}
    </>
  );
}
