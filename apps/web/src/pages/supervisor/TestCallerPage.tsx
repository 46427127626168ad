import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  browserEnvironment,
  callQueue,
  type RtcEnvironment,
  type TestCall,
} from '@tsunagu/telephony/browser';
import { queuesApi, type Queue } from '../../api/queues';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import { CenterPicker, useCenter } from './useCenter';
import own from './TestCallerPage.module.css';
import styles from './supervisor.module.css';

type CallState = 'idle' | 'dialling' | 'ringing' | 'connected' | 'ended';

interface SenderPeer {
  getSenders(): { track: { enabled: boolean } | null }[];
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
const CALLER_NUMBER = /^\d{9,30}$/;

/**
 * The browser test caller (BEY-06): an admin or supervisor calls one of the center's queues
 * from the page, with a caller number of their choice, hears the queue and presses its keys,
 * so the demo needs no SIP trunk or desk phone.
 */
export default function TestCallerPage() {
  const { t } = useTranslation();
  const choice = useCenter();
  const center = choice.center;
  const [queues, setQueues] = useState<readonly Queue[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [to, setTo] = useState('');
  const [from, setFrom] = useState('09011112222');
  const [fromError, setFromError] = useState(false);
  const [state, setState] = useState<CallState>('idle');
  const [endReason, setEndReason] = useState('');
  const [failure, setFailure] = useState('');
  const [sent, setSent] = useState('');
  const [muted, setMuted] = useState(false);
  const call = useRef<TestCall | null>(null);
  const peer = useRef<SenderPeer | null>(null);

  useEffect(() => {
    if (!center) return;
    let live = true;
    queuesApi.list(center.id).then(
      (r) => {
        if (!live) return;
        setQueues(r.items);
        setTo(r.items.flatMap((q) => q.numbers)[0] ?? '');
      },
      (err: unknown) => live && setLoadError(err),
    );
    return () => {
      live = false;
    };
  }, [center]);

  useEffect(() => () => call.current?.hangup(), []);

  const active = state === 'dialling' || state === 'ringing' || state === 'connected';

  const dial = (event: FormEvent) => {
    event.preventDefault();
    if (!CALLER_NUMBER.test(from)) {
      setFromError(true);
      return;
    }
    setFromError(false);
    setFailure('');
    setEndReason('');
    setSent('');
    setMuted(false);
    setState('dialling');
    const env = browserEnvironment();
    const environment: RtcEnvironment = {
      ...env,
      createPeer() {
        const p = env.createPeer();
        peer.current = p as unknown as SenderPeer;
        return p;
      },
    };
    const test = callQueue({ number: to, from, environment });
    call.current = test;
    test.on('ringing', () => setState('ringing'));
    test.on('answer', () => setState('connected'));
    test.on('error', (e) => setFailure(e.code));
    test.on('hangup', ({ reason }) => {
      call.current = null;
      peer.current = null;
      setEndReason(reason);
      setState('ended');
    });
  };

  const press = (key: string) => {
    if (!call.current || state !== 'connected') return;
    call.current.sendDigits(key);
    setSent((s) => (s + key).slice(-32));
  };

  const toggleMute = () => {
    const next = !muted;
    for (const sender of peer.current?.getSenders() ?? [])
      if (sender.track) sender.track.enabled = !next;
    setMuted(next);
  };

  const stateText = t(`pages.supervisor.tc.state.${state}`);

  return (
    <>
      <PageHeading>{t('pages.supervisor.testCaller')}</PageHeading>
      <p>{t('pages.supervisor.tc.intro')}</p>
      <CenterPicker choice={choice} />
      {choice.error !== null && <ErrorMessage error={choice.error} />}
      {loadError !== null && <ErrorMessage error={loadError} />}
      <form className={styles.panel} onSubmit={dial} noValidate>
        <p>
          <label htmlFor="tc-queue">{t('pages.supervisor.tc.queueNumber')}</label>{' '}
          <select
            id="tc-queue"
            value={to}
            disabled={active}
            onChange={(e) => setTo(e.target.value)}
          >
            {queues.flatMap((q) =>
              q.numbers.map((n) => (
                <option key={`${q.id}:${n}`} value={n}>
                  {t('pages.supervisor.tc.queueOption', { queue: q.name, number: n })}
                </option>
              )),
            )}
          </select>
        </p>
        <p>
          <label htmlFor="tc-from">{t('pages.supervisor.tc.callerNumber')}</label>{' '}
          <input
            id="tc-from"
            inputMode="numeric"
            autoComplete="off"
            value={from}
            disabled={active}
            aria-invalid={fromError}
            aria-describedby={fromError ? 'tc-from-error' : 'tc-from-hint'}
            onChange={(e) => setFrom(e.target.value.trim())}
          />{' '}
          <span id="tc-from-hint" className={styles.muted}>
            {t('pages.supervisor.tc.callerHint')}
          </span>
        </p>
        {fromError && (
          <p role="alert" id="tc-from-error" className={own.fieldError}>
            {t('pages.supervisor.tc.callerInvalid')}
          </p>
        )}
        <p className={styles.actions}>
          <button type="submit" className="button" disabled={active || to === ''}>
            {t('pages.supervisor.tc.call')}
          </button>{' '}
          <button
            type="button"
            className="button button-secondary"
            disabled={!active}
            onClick={() => call.current?.hangup()}
          >
            {t('pages.supervisor.tc.hangup')}
          </button>{' '}
          <button
            type="button"
            className="button button-secondary"
            disabled={state !== 'connected'}
            aria-pressed={muted}
            onClick={toggleMute}
          >
            {t('pages.supervisor.tc.mute')}
          </button>
        </p>
        <p role="status" data-call-state={state} data-end-reason={endReason}>
          {t('pages.supervisor.tc.stateLabel', { state: stateText })}
        </p>
        {failure && (
          <p role="alert" className={own.fieldError}>
            {t('pages.supervisor.tc.failed', { code: failure })}
          </p>
        )}
      </form>
      <fieldset className={styles.panel} disabled={state !== 'connected'}>
        <legend>{t('pages.supervisor.tc.keypad')}</legend>
        <div className={own.keypad}>
          {KEYS.map((key) => (
            <button
              key={key}
              type="button"
              className="button button-secondary"
              aria-label={t('pages.supervisor.tc.key', { key })}
              onClick={() => press(key)}
            >
              {key}
            </button>
          ))}
        </div>
        <p role="status">{sent && t('pages.supervisor.tc.sent', { digits: sent })}</p>
      </fieldset>
    </>
  );
}
