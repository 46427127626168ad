import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  browserEnvironment,
  createSoftphone,
  type IncomingDisplay,
  type RtcEnvironment,
  type Softphone,
} from '@tsunagu/telephony/browser';
import type { AgentDevice } from '@tsunagu/domain';
import { ApiFailure, api } from '../../api/client';
import styles from './AgentDesktopPage.module.css';

type Registration = 'connecting' | 'ready' | 'closed' | 'unavailable';
type PhoneCall = {
  readonly display: IncomingDisplay | null;
  readonly callerId: string;
  readonly talking: boolean;
};

interface SenderPeer {
  getSenders(): { track: { enabled: boolean } | null }[];
}

/**
 * The browser softphone (BEY-06): for an agent whose device is the browser, one socket to
 * /api/v1/softphone. It rings on an offer (answered here, or from the offer card: the server
 * then asks this phone to pick up), plays the far end, mutes the microphone and hangs up.
 */
export function SoftphonePanel({ className, device }: { className?: string; device: AgentDevice }) {
  const { t } = useTranslation();
  const [registration, setRegistration] = useState<Registration>('connecting');
  const [call, setCall] = useState<PhoneCall | null>(null);
  const [muted, setMuted] = useState(false);
  const phone = useRef<Softphone | null>(null);
  const peer = useRef<SenderPeer | null>(null);
  const isBrowser = device.kind === 'browser';

  useEffect(() => {
    if (!isBrowser) return;
    let live = true;
    let softphone: Softphone | null = null;
    let off: (() => void)[] = [];
    const open = () => {
      const env = browserEnvironment();
      const environment: RtcEnvironment = {
        ...env,
        createPeer() {
          const p = env.createPeer();
          peer.current = p as unknown as SenderPeer;
          return p;
        },
      };
      softphone = createSoftphone({ url: '/api/v1/softphone', environment });
      phone.current = softphone;
      off = [
        softphone.on('ready', () => setRegistration('ready')),
        softphone.on('ring', (c) => {
          setMuted(false);
          setCall({ display: c.display, callerId: c.callerId, talking: false });
        }),
        softphone.on('answer', () => setCall((c) => (c ? { ...c, talking: true } : c))),
        softphone.on('hangup', () => {
          peer.current = null;
          setCall(null);
        }),
        softphone.on('closed', () => setRegistration('closed')),
        softphone.on('error', (e) => console.warn('softphone', e.code, e.message)),
      ];
    };
    // A plain GET says whether this node has the softphone (400: open it as a WebSocket) or
    // not (503: no SIP side), so the page never opens a socket bound to fail.
    api.get('/api/v1/softphone').then(
      () => live && open(),
      (err: unknown) => {
        if (!live) return;
        if (err instanceof ApiFailure && err.code === 'CC_ERR_VALIDATION') open();
        else
          setRegistration(
            err instanceof ApiFailure && err.code === 'CC_ERR_UNAVAILABLE'
              ? 'unavailable'
              : 'closed',
          );
      },
    );
    return () => {
      live = false;
      for (const stop of off) stop();
      softphone?.close();
      phone.current = null;
    };
  }, [isBrowser]);

  const toggleMute = () => {
    const next = !muted;
    for (const sender of peer.current?.getSenders() ?? [])
      if (sender.track) sender.track.enabled = !next;
    setMuted(next);
  };
  const number = call?.display?.customerNumber ?? call?.callerId ?? '';

  return (
    <section aria-labelledby="agent-softphone" className={className} data-testid="softphone">
      <h2 id="agent-softphone">{t('pages.agent.softphone')}</h2>
      {!isBrowser ? (
        <p className={styles.muted}>{t('pages.agent.softphoneOtherDevice')}</p>
      ) : (
        <>
          <p role="status" data-registration={registration}>
            {t('pages.agent.softphoneState', {
              state: t(`pages.agent.registration.${registration}`),
            })}
          </p>
          {call && (
            <p role="status" className={call.talking ? undefined : styles.ringing}>
              {call.talking
                ? t('pages.agent.softphoneTalking', { number })
                : t('pages.agent.softphoneRinging', { number })}
            </p>
          )}
          <div className={styles.row}>
            {call && !call.talking && (
              <button type="button" className="button" onClick={() => void phone.current?.answer()}>
                {t('pages.agent.softphoneAnswer')}
              </button>
            )}
            {call?.talking && (
              <button
                type="button"
                className="button button-secondary"
                aria-pressed={muted}
                onClick={toggleMute}
              >
                {t('pages.agent.muteMic')}
              </button>
            )}
            {call && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => (call.talking ? phone.current?.hangup() : phone.current?.reject())}
              >
                {t('pages.agent.softphoneHangup')}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
