import type { BusinessHours, Center } from '@tsunagu/domain';
import { api } from './client';

export type { BusinessHours, Center };

/** GET/PUT /api/v1/centers/:centerId/business-hours: the hours plus the zone they are in. */
export type BusinessHoursView = BusinessHours & { readonly timeZone: string };

/** The settings of a center an admin edits on the centers screen (PATCH merges them). */
export type CenterPatch = Partial<Pick<Center, 'name' | 'country' | 'timeZone' | 'language'>>;

const path = (centerId: string) => `/api/v1/centers/${encodeURIComponent(centerId)}`;

/** Centers and their business hours (packages/api/src/routes/centers.ts, HQ-06). */
export const centersApi = {
  list: () => api.get<{ items: Center[] }>('/api/v1/centers'),
  get: (centerId: string) => api.get<Center>(path(centerId)),
  create: (center: Pick<Center, 'id' | 'name' | 'country' | 'timeZone' | 'language'>) =>
    api.post<Center>('/api/v1/centers', center),
  patch: (centerId: string, patch: CenterPatch) => api.patch<Center>(path(centerId), patch),
  businessHours: (centerId: string) =>
    api.get<BusinessHoursView>(`${path(centerId)}/business-hours`),
  setBusinessHours: (centerId: string, hours: BusinessHours) =>
    api.put<BusinessHoursView>(`${path(centerId)}/business-hours`, hours),
};
