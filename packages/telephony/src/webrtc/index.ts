export {
  WebRtcTelephony,
  errorMessage,
  type BrowserSocket,
  type SoftphoneHandle,
  type TestCallerHandle,
  type WebRtcTelephonyOptions,
} from './webrtc-telephony.js';
export { answerOffer, peerConfig, type IceSettings } from './peer.js';
export { DTMF_KEYS, type ClientMessage, type ServerMessage } from './browser/protocol.js';
