export { SipTelephony } from './sip-telephony.js';
export type { SipTelephonyOptions, SipLeg } from './context.js';
export { Registrar, type Binding } from './registrar.js';
export { DigestGuard } from './digest-guard.js';
export {
  MemoryAccounts,
  accountFromPassword,
  type SipAccount,
  type SipAccountDirectory,
} from './accounts.js';
export { DEFAULT_SIP_UA_SETTINGS, type SipUaSettings, type TrunkSettings } from './settings.js';
export type { LegMedia, LegRecording, MediaProvider } from './media-port.js';
export { addressAllowed } from './address-match.js';
export { startSipStack, type SipStack, type SipStackOptions } from './stack.js';
