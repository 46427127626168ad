import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agentSettingsApi, type AgentSummary } from '../../api/agentSettings';
import { queuesApi, type Queue } from '../../api/queues';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import { SortableList, type SortableItem } from '../../components/SortableList';
import styles from './admin.module.css';
import { CenterSelect, useCenters } from './useCenters';

/**
 * AGT-02: a queue's members in routing order (the first available one is offered first).
 * Reordered by drag and drop, by the buttons, or with the arrow keys, and saved as a whole.
 */
export default function RoutingPage() {
  const { t } = useTranslation();
  const centers = useCenters();
  const [queues, setQueues] = useState<Queue[] | null>(null);
  const [agents, setAgents] = useState<AgentSummary[]>([]);
  const [queueId, setQueueId] = useState('');
  const [order, setOrder] = useState<SortableItem[] | null>(null);
  const [toAdd, setToAdd] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!centers.centerId) return;
    let live = true;
    Promise.all([queuesApi.list(centers.centerId), agentSettingsApi.list(centers.centerId)])
      .then(([q, a]) => {
        if (!live) return;
        setQueues(q.items);
        setAgents(a.items);
        setQueueId(q.items[0]?.id ?? '');
      })
      .catch((err: unknown) => live && setFailure(err));
    return () => {
      live = false;
    };
  }, [centers.centerId]);

  useEffect(() => {
    if (!queueId) return;
    let live = true;
    queuesApi
      .members(queueId)
      .then(({ members }) => {
        if (live) setOrder(members.map((m) => ({ id: m.agentId, label: m.name })));
      })
      .catch((err: unknown) => live && setFailure(err));
    return () => {
      live = false;
    };
  }, [queueId]);

  const change = (next: SortableItem[]) => {
    setOrder(next);
    setSaved(false);
  };
  const candidates = agents.filter((a) => !order?.some((m) => m.id === a.id));

  const save = async () => {
    if (!order) return;
    try {
      const { members } = await queuesApi.setMembers(
        queueId,
        order.map((m) => m.id),
      );
      setOrder(members.map((m) => ({ id: m.agentId, label: m.name })));
      setFailure(null);
      setSaved(true);
    } catch (err) {
      setFailure(err);
    }
  };

  return (
    <>
      <PageHeading>{t('pages.admin.routing')}</PageHeading>
      <CenterSelect
        centers={centers.centers}
        centerId={centers.centerId}
        onChange={centers.setCenterId}
        error={centers.error}
      />
      {queues && queues.length > 0 && (
        <div className="field">
          <label htmlFor="routing-queue">{t('pages.admin.queue.choose')}</label>
          <select
            id="routing-queue"
            value={queueId}
            onChange={(e) => {
              setQueueId(e.target.value);
              setSaved(false);
            }}
          >
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name} ({q.id})
              </option>
            ))}
          </select>
        </div>
      )}
      {order && (
        <section aria-labelledby="routing-heading">
          <h2 id="routing-heading">{t('pages.admin.routingOrder.heading')}</h2>
          <p id="routing-help">{t('pages.admin.routingOrder.help')}</p>
          {order.length === 0 ? (
            <p>{t('pages.admin.routingOrder.empty')}</p>
          ) : (
            <SortableList
              items={order}
              onReorder={change}
              onRemove={(id) => change(order.filter((m) => m.id !== id))}
              labels={{
                list: t('pages.admin.routingOrder.list'),
                moveUp: (name) => t('pages.admin.routingOrder.moveUp', { name }),
                moveDown: (name) => t('pages.admin.routingOrder.moveDown', { name }),
                remove: (name) => t('pages.admin.routingOrder.remove', { name }),
                moved: (name, position, count) =>
                  t('pages.admin.routingOrder.moved', { name, position, count }),
                keyboardHint: t('pages.admin.routingOrder.keyboardHint'),
              }}
            />
          )}
          {candidates.length > 0 && (
            <div className={styles.row}>
              <div className="field">
                <label htmlFor="routing-add">{t('pages.admin.routingOrder.addLabel')}</label>
                <select id="routing-add" value={toAdd} onChange={(e) => setToAdd(e.target.value)}>
                  <option value="">{t('pages.admin.routingOrder.choose')}</option>
                  {candidates.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name} ({a.id})
                    </option>
                  ))}
                </select>
              </div>
              <div className={styles.actions}>
                <button
                  type="button"
                  className="button-secondary"
                  disabled={!toAdd}
                  onClick={() => {
                    const agent = agents.find((a) => a.id === toAdd);
                    if (agent) change([...order, { id: agent.id, label: agent.name }]);
                    setToAdd('');
                  }}
                >
                  {t('pages.admin.routingOrder.add')}
                </button>
              </div>
            </div>
          )}
          {failure !== null && <ErrorMessage error={failure} />}
          <div className={styles.actions}>
            <button type="button" className="button" onClick={() => void save()}>
              {t('pages.admin.routingOrder.save')}
            </button>
            <span role="status" className={styles.saved}>
              {saved ? t('pages.admin.common.saved') : ''}
            </span>
          </div>
        </section>
      )}
      {!order && failure !== null && <ErrorMessage error={failure} />}
    </>
  );
}
