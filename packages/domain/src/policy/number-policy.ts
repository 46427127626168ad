import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { DomainError } from '../errors.js';

/**
 * The number policy for callbacks (QCB-11) and click-to-call (C2C-02): digits only, 9 to 30
 * of them, a valid number of the center's own country. Returns the number in E.164 so one
 * customer has one key for the one-open-request rule (QCB-07) however they typed it.
 */
export interface NumberPolicy {
  readonly country: string;
  readonly minDigits: number;
  readonly maxDigits: number;
}

export function defaultPolicy(country: string): NumberPolicy {
  return { country, minDigits: 9, maxDigits: 30 };
}

export function checkDomesticNumber(raw: string, policy: NumberPolicy): string {
  const trimmed = raw.trim();
  if (!/^\+?\d+$/.test(trimmed))
    throw new DomainError('CC_ERR_NUMBER_INVALID', { reason: 'not-digits' });
  const digits = trimmed.replace(/^\+/, '');
  if (digits.length < policy.minDigits || digits.length > policy.maxDigits) {
    throw new DomainError('CC_ERR_NUMBER_INVALID', {
      reason: 'length',
      min: policy.minDigits,
      max: policy.maxDigits,
    });
  }
  const parsed = parsePhoneNumberFromString(trimmed, policy.country as CountryCode);
  if (!parsed || !parsed.isValid())
    throw new DomainError('CC_ERR_NUMBER_INVALID', { reason: 'not-a-number' });
  if (parsed.country !== policy.country) {
    throw new DomainError('CC_ERR_NUMBER_NOT_DOMESTIC', { country: parsed.country ?? null });
  }
  return parsed.number;
}

/** The E.164 key of a number, or the raw digits when it does not parse. */
export function numberKey(raw: string, country: string): string {
  const parsed = parsePhoneNumberFromString(raw, country as CountryCode);
  return parsed?.number ?? raw;
}
