/** SDP bodies in the shapes real peers send, with CRLF line ends as on the wire. */
const crlf = (lines: string[]): string => lines.join('\r\n') + '\r\n';

/** sipp's built-in uac scenario: static PCMU only, no rtpmap, session-level c=. */
export const SIPP_UAC = crlf([
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 127.0.1.1',
  's=-',
  'c=IN IP4 127.0.1.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
]);

/** sipp's uac_pcap scenario: PCMU with RFC 2833 events on 101. */
export const SIPP_PCAP = crlf([
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 10.0.0.5',
  's=-',
  'c=IN IP4 10.0.0.5',
  't=0 0',
  'm=audio 6000 RTP/AVP 8 101',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-11,16',
]);

/** baresip 1.x / 3.x: many codecs, media-level c=, explicit sendrecv, a=ptime. */
export const BARESIP = crlf([
  'v=0',
  'o=- 1385064302 3446436738 IN IP4 192.168.1.20',
  's=-',
  'c=IN IP4 192.168.1.20',
  't=0 0',
  'm=audio 10774 RTP/AVP 9 0 8 101',
  'c=IN IP4 192.168.1.21',
  'b=AS:64',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=label:1',
  'a=ssrc:1396564385 cname:1a2b3c',
  'a=ptime:20',
]);

export const HOLD_SENDONLY = BARESIP.replace('a=sendrecv', 'a=sendonly');
export const HOLD_INACTIVE = BARESIP.replace('a=sendrecv', 'a=inactive');
/** RFC 2543 hold: connection address zero, still sendrecv. */
export const HOLD_ZERO_ADDRESS = SIPP_UAC.replace('c=IN IP4 127.0.1.1', 'c=IN IP4 0.0.0.0');

/** Static types with no rtpmap at all, PCMA first; direction at session level. */
export const STATIC_NO_RTPMAP = crlf([
  'v=0',
  'o=- 1 1 IN IP4 203.0.113.7',
  's=call',
  'c=IN IP4 203.0.113.7',
  't=0 0',
  'a=recvonly',
  'm=audio 49170 RTP/AVP 8 0 18',
]);

/** An IPv6 offer with a dynamic PCMU payload type (odd but legal). */
export const IPV6_DYNAMIC = crlf([
  'v=0',
  'o=- 2 2 IN IP6 2001:db8::1',
  's=-',
  'c=IN IP6 2001:db8::1',
  't=0 0',
  'm=audio 5004 RTP/AVP 96 97',
  'a=rtpmap:96 pcmu/8000',
  'a=rtpmap:97 telephone-event/8000',
]);

export const VALID = [
  SIPP_UAC,
  SIPP_PCAP,
  BARESIP,
  HOLD_SENDONLY,
  HOLD_INACTIVE,
  HOLD_ZERO_ADDRESS,
  STATIC_NO_RTPMAP,
  IPV6_DYNAMIC,
];
