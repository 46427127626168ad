/** Wire fixtures inspired by RFC 4475 (SIP torture tests); written for Tsunagu, not copied. */
const crlf = (lines: string[]): string => lines.join('\r\n');

export const INVITE = crlf([
  'INVITE sip:queue-100@pbx.example.jp SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport',
  'Max-Forwards: 70',
  'To: <sip:queue-100@pbx.example.jp>',
  'From: "Alice" <sip:alice@example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@192.0.2.10>',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\n',
]);

/** Escapes, odd whitespace, folding, compact names, multiple Via on one line (4475 3.1.1.1). */
export const TORTURE = crlf([
  'OPTIONS sip:%61lice;transport=tcp@example.com;lr?Subject=hi%20there SIP/2.0',
  'v:  SIP / 2.0 / UDP 192.0.2.1;branch=z9hG4bK1  ,SIP/2.0/TCP [2001:db8::9]:5070 ;branch=z9hG4bK2',
  'TO :',
  ' "Wile \\"E\\" Coyote" <sip:wile@example.com> ; tag = x1',
  'f: sip:bob@example.com;tag=98asjd8',
  'MaX-fOrWaRdS: 0068',
  'i: torture-1@example.com',
  'cseq: 8',
  '\t OPTIONS',
  'Subject: a very long subject that is',
  '   folded over',
  '\t\tthree lines',
  'm: "Quoted, with comma" <sip:c1@example.com;a=b>, <sip:c2@[2001:db8::1]:5061>;q=0.5',
  'NewFangledHeader: newfangled value',
  'l: 0',
  '',
  '',
]);

export const JAPANESE = crlf([
  'REGISTER sip:pbx.example.jp SIP/2.0',
  'Via: SIP/2.0/TLS phone7.example.jp;branch=z9hG4bKjp1',
  'From: "山田 太郎" <sips:yamada@example.jp>;tag=jp1',
  'To: 受付 <tel:+81-3-1234-5678;phone-context=example.jp>',
  'Call-ID: jp-1',
  'CSeq: 1 REGISTER',
  'Content-Length: 0',
  '',
  '',
]);

export const RESPONSE = crlf([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;received=192.0.2.10;rport=5060',
  'Via: SIP/2.0/UDP [2001:db8::2];branch=z9hG4bKproxy',
  'To: <sip:queue-100@pbx.example.jp>;tag=a6c85cf',
  'From: "Alice" <sip:alice@example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.example.com',
  'CSeq: 314159 INVITE',
  'Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>',
  'Content-Length: 0',
  '',
  '',
]);

export const VALID = [INVITE, TORTURE, JAPANESE, RESPONSE];
