import { useCallback, useEffect, useReducer, useState } from 'react';
import { agentsApi, type AgentView } from '../../api/agents';
import { callerIdsApi, type CallerId } from '../../api/callerIds';
import { dispositionsApi, type Disposition } from '../../api/dispositions';
import { api } from '../../api/client';
import { useEventStream, useEventStreamStatus } from '../../events/useEventStream';
import { deskReducer, emptyDesk } from './deskState';
import type { Colleague } from './TransferPicker';

/** The event families the desktop follows: the agent's own calls and offers, and colleagues. */
const TYPES = ['agent.*', 'offer.*', 'call.*', 'queue.assigned'];

/**
 * Loads the agent, their colleagues, the center's dispositions, caller IDs and queue names, then
 * keeps them live from the event stream (reloading when the stream could not resume).
 */
export function useAgentDesk(agentId: string) {
  const [desk, dispatch] = useReducer(deskReducer, emptyDesk);
  const [colleagues, setColleagues] = useState<Colleague[]>([]);
  const [dispositions, setDispositions] = useState<Disposition[]>([]);
  const [callerIds, setCallerIds] = useState<CallerId[]>([]);
  const [queueNames, setQueueNames] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<unknown>(null);
  const { epoch } = useEventStreamStatus();
  const centerId = desk.agent?.centerId;

  useEffect(() => {
    let live = true;
    agentsApi.get(agentId).then(
      (agent) => live && dispatch({ type: 'loaded', agent }),
      (err: unknown) => live && setLoadError(err),
    );
    return () => {
      live = false;
    };
  }, [agentId, epoch]);

  useEffect(() => {
    if (!centerId) return;
    let live = true;
    const ignore = (err: unknown) => live && setLoadError(err);
    agentsApi.list(centerId).then((r) => {
      if (live)
        setColleagues(
          r.items
            .filter((a) => a.id !== agentId)
            .map((a) => ({ id: a.id, name: a.name, presence: a.presence })),
        );
    }, ignore);
    dispositionsApi.list(centerId).then((r) => live && setDispositions(r.items), ignore);
    callerIdsApi.list(centerId).then((r) => live && setCallerIds(r.items), ignore);
    api
      .get<{ items: { id: string; name: string }[] }>('/api/v1/queues', { query: { centerId } })
      .then(
        (r) => live && setQueueNames(Object.fromEntries(r.items.map((q) => [q.id, q.name]))),
        ignore,
      );
    return () => {
      live = false;
    };
  }, [centerId, agentId, epoch]);

  useEventStream({ types: TYPES, centerId }, (message) => {
    const e = message.data;
    if (e.type === 'agent.status-changed' && e.agentId !== agentId)
      setColleagues((list) => list.map((c) => (c.id === e.agentId ? { ...c, presence: e.to } : c)));
    dispatch({ type: 'event', event: e, at: message.at });
    // The events say what changed; the agent record says which call and offer are theirs now.
    if (e.type === 'agent.status-changed' && e.agentId === agentId)
      agentsApi.get(agentId).then(
        (agent) => dispatch({ type: 'loaded', agent }),
        () => {},
      );
  });

  const loaded = useCallback((agent: AgentView) => dispatch({ type: 'loaded', agent }), []);
  const dismissPrompt = useCallback(() => dispatch({ type: 'dismiss-prompt' }), []);
  const dialled = useCallback(
    (agent: AgentView, number: string) => dispatch({ type: 'dialled', agent, number }),
    [],
  );
  return {
    desk,
    dialled,
    colleagues,
    dispositions,
    callerIds,
    queueNames,
    loadError,
    loaded,
    dismissPrompt,
  };
}
