import { api } from './client';

export interface CallbackFigures {
  readonly queueId: string | null;
  readonly requestCalls: number;
  readonly callbackCalls: number;
  readonly requested: number;
  readonly completed: number;
  readonly outcomes: {
    readonly connected: number;
    readonly noAnswerOrDeclined: number;
    readonly acceptedNotConnected: number;
    readonly noCallback: number;
  };
}

export interface CallbackReport {
  readonly from: string;
  readonly to: string;
  readonly overall: CallbackFigures;
  readonly queues: readonly CallbackFigures[];
}

export interface ServiceLevelFigures {
  readonly queueId: string | null;
  readonly serviceLevelSec: number | null;
  readonly offered: number;
  readonly answered: number;
  readonly answeredWithinThreshold: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly callbacksRequested: number;
  readonly callbacksCompleted: number;
  readonly callbacksConnected: number;
  readonly callbacksWithinThreshold: number;
  readonly otherExits: number;
  readonly withinThreshold: number;
  readonly serviceLevelBase: number;
  /** 0..1; null when nothing concluded in the period. */
  readonly serviceLevel: number | null;
  readonly averageSpeedOfAnswerSec: number | null;
  readonly abandonmentRate: number | null;
}

export interface ServiceLevelReport {
  readonly from: string;
  readonly to: string;
  readonly formula: string;
  readonly overall: ServiceLevelFigures;
  readonly queues: readonly ServiceLevelFigures[];
}

/** A period (ISO 8601 with offset, `to` exclusive) and optionally one queue. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
  readonly queueId?: string;
}

const center = (centerId: string) => `/api/v1/centers/${encodeURIComponent(centerId)}/reports`;

/** The callback report by outcome (QCB-14) and the service level (QCB-15). */
export const reportsApi = {
  callbacks: (centerId: string, period: ReportPeriod) =>
    api.get<CallbackReport>(`${center(centerId)}/callbacks`, { query: { ...period } }),
  serviceLevel: (centerId: string, period: ReportPeriod) =>
    api.get<ServiceLevelReport>(`${center(centerId)}/service-level`, { query: { ...period } }),
};
