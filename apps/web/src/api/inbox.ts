import { api } from './client';

/** A voicemail (HQ-02) as the inbox lists it (packages/api/src/routes/inbox.ts). */
export interface Voicemail {
  readonly id: string;
  readonly callId: string;
  readonly queueId: string | null;
  readonly queueName: string | null;
  readonly from: string;
  readonly ourNumber: string;
  readonly durationMs: number;
  readonly recordedAt: string;
  readonly heard: boolean;
  readonly heardBy: string | null;
  readonly heardAt: string | null;
  /** WAV, 8 kHz mono, with Range support: an <audio> element plays and seeks it. */
  readonly audioUrl: string;
}

export interface Recording {
  readonly id: string;
  readonly callId: string;
  readonly kind: string;
  readonly queueId: string | null;
  readonly agentId: string | null;
  readonly agentName: string | null;
  readonly customerNumber: string;
  readonly ourNumber: string;
  readonly durationMs: number;
  readonly recordedAt: string;
  readonly audioUrl: string;
}

export interface VoicemailFilter {
  readonly from?: string;
  readonly to?: string;
  readonly queueId?: string;
  readonly number?: string;
  readonly heard?: 'true' | 'false';
}

export interface RecordingFilter {
  readonly from?: string;
  readonly to?: string;
  readonly queueId?: string;
  readonly agentId?: string;
}

interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

const center = (centerId: string) => `/api/v1/centers/${encodeURIComponent(centerId)}`;

/** Voicemail and call recordings: lists, heard marks, deletion (AGT-09, HQ-02, AGT-04). */
export const inboxApi = {
  voicemails: (centerId: string, filter: VoicemailFilter, cursor?: string) =>
    api.get<Page<Voicemail>>(`${center(centerId)}/voicemails`, {
      query: { ...filter, cursor, limit: 25 },
    }),
  recordings: (centerId: string, filter: RecordingFilter, cursor?: string) =>
    api.get<Page<Recording>>(`${center(centerId)}/recordings`, {
      query: { ...filter, cursor, limit: 25 },
    }),
  markHeard: (id: string, heard: boolean) =>
    api.post<Voicemail>(`/api/v1/voicemails/${encodeURIComponent(id)}/heard`, { heard }),
  deleteVoicemail: (id: string) => api.delete<void>(`/api/v1/voicemails/${encodeURIComponent(id)}`),
  deleteRecording: (id: string) => api.delete<void>(`/api/v1/recordings/${encodeURIComponent(id)}`),
};
