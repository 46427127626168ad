import type { TelephonyCommand, TelephonyEvent } from '@tsunagu/domain';
import type { SipRequest, SipResponse } from '../sip/index.js';
import { newBranch } from '../sip/ids.js';
import { createResponse } from '../sip/response.js';
import type {
  ClientTransaction,
  ServerTransaction,
  TransactionUser,
  TransportAddress,
} from '../sip/transaction/layer.js';
import type { TelephonyPort } from '../port.js';
import type { RequestExtras, SipLeg, SipTelephonyOptions, UaContext } from './context.js';
import { dialogKey, requestInDialog, tagOf } from './dialog.js';
import { handleInDialog } from './in-dialog.js';
import { acceptInvite, ALLOW, refuseInbound } from './inbound-calls.js';
import { executeCommand } from './commands.js';
import { readRemoteSdp } from './local-sdp.js';

/**
 * The SIP adapter of the telephony port: a back-to-back user agent. Every party (caller, agent
 * phone, customer called back) is a leg with its own dialog and media; the engine decides what
 * happens between them, exactly as with the virtual adapter.
 */
export class SipTelephony implements TelephonyPort, TransactionUser, UaContext {
  readonly legs = new Map<string, SipLeg>();
  private readonly dialogs = new Map<string, SipLeg>();
  /** Mixes by conference id (leg.conference), replaced when the engine names new members. */
  readonly conferences = new Map<string, { close(): void }>();
  private listener: (event: TelephonyEvent) => void = () => {};

  constructor(readonly options: SipTelephonyOptions) {}

  onEvent(listener: (event: TelephonyEvent) => void): void {
    this.listener = listener;
  }

  execute(command: TelephonyCommand): void {
    try {
      executeCommand(this, command);
    } catch (err) {
      // The port never throws: a leg that cannot carry out a command is reported by its end.
      this.options.onError?.(err, command.type);
    }
  }

  async close(): Promise<void> {
    for (const mix of this.conferences.values()) mix.close();
    this.conferences.clear();
    for (const leg of [...this.legs.values()]) {
      leg.endedByUs = true;
      // Callers still ringing are told to try again (503 with Retry-After), not left hanging.
      if (leg.invite !== null) refuseInbound(this, leg, 'rejected');
      else if (leg.outgoing !== null) leg.outgoing.cancel();
      else if (leg.state === 'up') this.send(leg, 'BYE');
      this.finish(leg, null);
    }
  }

  emit(event: TelephonyEvent): void {
    // Never re-entrant: the engine hears about it after the current command batch.
    this.options.scheduler.after(0, () => this.listener(event));
  }

  contact(protocol: TransportAddress['protocol']): string {
    const { host, port } = this.options.localAddress(protocol);
    const transport = protocol === 'udp' ? '' : `;transport=${protocol}`;
    return `<sip:tsunagu@${host.includes(':') ? `[${host}]` : host}:${port}${transport}>`;
  }

  legByDialog(callId: string, localTag: string, remoteTag: string): SipLeg | undefined {
    return this.dialogs.get(dialogKey(callId, localTag, remoteTag));
  }

  indexDialog(leg: SipLeg): void {
    const d = leg.dialog!;
    this.dialogs.set(dialogKey(d.callId, d.localTag, d.remoteTag), leg);
  }

  finish(leg: SipLeg, reason: 'hangup' | 'media-lost' | 'transferred' | null): void {
    if (leg.state === 'ended') return;
    leg.state = 'ended';
    for (const cancel of leg.timers.splice(0)) cancel();
    leg.sessionTimer?.();
    leg.collect?.cancelTimer();
    leg.collect = null;
    this.legs.delete(leg.id);
    if (leg.dialog)
      this.dialogs.delete(dialogKey(leg.dialog.callId, leg.dialog.localTag, leg.dialog.remoteTag));
    const partner = leg.bridgedTo === null ? undefined : this.legs.get(leg.bridgedTo);
    if (partner && partner.bridgedTo === leg.id) {
      partner.bridgedTo = null;
      partner.media?.unbridge();
    }
    const report = !leg.endedByUs && reason !== null;
    const recording = leg.recording;
    leg.recording = null;
    const media = leg.media;
    if (recording === null) {
      media?.close();
      if (report) this.emit({ type: 'leg.ended', legId: leg.id, reason });
      return;
    }
    // A recording's end is reported before the leg's (the port's contract).
    recording.handle.stop().then(
      ({ durationMs }) => {
        media?.close();
        this.emit({
          type: 'leg.recording-done',
          legId: leg.id,
          recordingId: recording.id,
          durationMs,
        });
        if (report) this.emit({ type: 'leg.ended', legId: leg.id, reason });
      },
      (err: unknown) => {
        media?.close();
        this.options.onError?.(err, 'recording');
        if (report) this.emit({ type: 'leg.ended', legId: leg.id, reason });
      },
    );
  }

  send(leg: SipLeg, method: string, extra: RequestExtras = {}): ClientTransaction | null {
    const dialog = leg.dialog;
    if (dialog === null) return null;
    const request = requestInDialog(dialog, method, {
      contact: this.contact(dialog.destination.protocol),
      ...(extra.headers !== undefined && { headers: extra.headers }),
      ...(extra.body !== undefined && { body: extra.body }),
      ...(extra.contentType !== undefined && { contentType: extra.contentType }),
    });
    return this.options.layer.sendRequest(request, dialog.destination, {
      onResponse: (r) => {
        if (r.status >= 200) extra.onResponse?.(r);
      },
      onTimeout: () => extra.onFailure?.(),
      onTransportError: () => extra.onFailure?.(),
    });
  }

  sendAck(leg: SipLeg, seq: number): void {
    const dialog = leg.dialog;
    if (dialog === null) return;
    const ack = requestInDialog(dialog, 'ACK', {
      contact: this.contact(dialog.destination.protocol),
      seq,
    });
    const { host, port } = this.options.localAddress(dialog.destination.protocol);
    ack.headers.add(
      'Via',
      `SIP/2.0/${dialog.destination.protocol.toUpperCase()} ${host}:${port};branch=${newBranch()};rport`,
    );
    this.options.layer.sendStateless(ack, dialog.destination);
  }

  // --- TransactionUser: what the network asks of us ---

  onRequest(tx: ServerTransaction): void {
    const request = tx.request;
    const toTag = tagOf(request.headers.get('To'));
    if (toTag !== undefined) return this.inDialog(tx, toTag);
    switch (request.method) {
      case 'INVITE':
        return acceptInvite(this, tx);
      case 'REGISTER':
        return this.options.registrar.handle(tx);
      case 'OPTIONS':
        return tx.respond(
          createResponse(request, 200, {
            headers: [
              ['Allow', ALLOW],
              ['Accept', 'application/sdp'],
            ],
          }),
        );
      case 'BYE':
      case 'INFO':
      case 'REFER':
      case 'NOTIFY':
      case 'UPDATE':
        return tx.respond(createResponse(request, 481));
      default:
        return tx.respond(createResponse(request, 405, { headers: [['Allow', ALLOW]] }));
    }
  }

  onCancel(invite: ServerTransaction): void {
    for (const leg of this.legs.values()) {
      if (leg.invite !== invite) continue;
      leg.invite = null;
      invite.respond(createResponse(invite.request, 487, { toTag: leg.localTag }));
      this.finish(leg, 'hangup');
      return;
    }
  }

  onAck(ack: SipRequest): void {
    const leg = this.findPeerDialog(ack);
    if (leg === undefined || leg.remote !== null || ack.body.length === 0) return;
    // Late offer: the INVITE had no SDP, our 200 offered, and the answer arrives in the ACK.
    const reading = readRemoteSdp(ack.body);
    if (!reading.ok) return;
    leg.remote = reading.remote;
    leg.media?.setRemote(reading.remote);
  }

  onStray2xx(response: SipResponse): void {
    const callId = response.headers.get('Call-ID') ?? '';
    const leg = this.legByDialog(
      callId,
      tagOf(response.headers.get('From')) ?? '',
      tagOf(response.headers.get('To')) ?? '',
    );
    const seq = Number((response.headers.get('CSeq') ?? '').trim().split(/\s+/)[0]);
    if (leg !== undefined) this.sendAck(leg, seq);
  }

  private findPeerDialog(request: SipRequest): SipLeg | undefined {
    return this.legByDialog(
      request.headers.get('Call-ID') ?? '',
      tagOf(request.headers.get('To')) ?? '',
      tagOf(request.headers.get('From')) ?? '',
    );
  }

  private inDialog(tx: ServerTransaction, _toTag: string): void {
    const leg = this.findPeerDialog(tx.request);
    if (leg === undefined || leg.dialog === null) {
      return tx.respond(createResponse(tx.request, 481));
    }
    handleInDialog(this, leg, tx);
  }
}
