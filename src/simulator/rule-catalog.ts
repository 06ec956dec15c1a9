/**
 * Detection rule templates: each names the events a detection of it is made
 * of and the indicator fields read back from those events, so a detection's
 * indicator values always occur in its own events.
 * @module
 */
import type { SimRule } from './dataset.ts'
import { type SimEventType, uriRecord } from './event-builders.ts'

/** What the other side of a detection's events is. */
export type RuleTarget =
  | 'malicious-domain'
  | 'generated-domain'
  | 'international-domain'
  | 'malicious-ip'
  | 'inbound-attacker'
  | 'domain-controller'

/** A rule plus how to make detections of it. */
export interface RuleTemplate {
  key: string
  name: string
  category: string
  severity: SimRule['severity']
  confidence: SimRule['confidence']
  description: string
  attackId: string | null
  specificity: string
  querySignature: string
  /** Event types in the order they happen; each occurs 1..`repeat` times. */
  events: readonly SimEventType[]
  repeat: number
  target: RuleTarget
  /** The detection carries a transferred file. */
  withFile: boolean
  indicatorFields: readonly string[]
  /** Fields forced on the events of a type, so they fit the rule's signature. */
  eventOverrides?: Partial<Record<SimEventType, Record<string, unknown>>>
  /** Relative frequency among generated detections. */
  weight: number
}

/** The rule set of a simulated tenant. */
export const RULE_TEMPLATES: readonly RuleTemplate[] = [
  {
    key: 'exe-download',
    name: 'Suspicious Executable File',
    category: 'Attack:Installation',
    severity: 'moderate',
    confidence: 'low',
    description:
      'This logic detects executable files downloaded over HTTP from hosts with little or no reputation. Such downloads often follow an initial compromise.',
    attackId: 'T1105',
    specificity: 'tool_implementation',
    querySignature: "http:files.mime_type = 'application/x-dosexec' AND http:dst.internal = false",
    events: ['dns', 'http', 'pe'],
    repeat: 2,
    target: 'malicious-domain',
    withFile: true,
    indicatorFields: [
      'dst.ip',
      'http:host.domain',
      'http:files.sha256',
      'http:files.md5',
      'http:files.sha1',
    ],
    weight: 3,
  },
  {
    key: 'beacon',
    name: 'Cobalt Strike Beacon',
    category: 'Attack:Command and Control',
    severity: 'high',
    confidence: 'high',
    description:
      'Periodic HTTP requests matching the default Cobalt Strike Malleable C2 profile. Investigate the device for an implant.',
    attackId: 'T1071.001',
    specificity: 'procedure',
    querySignature: "http:uri.path IN ('/submit.php', '/pixel.gif') AND http:method = 'POST'",
    events: ['http'],
    repeat: 5,
    target: 'malicious-domain',
    withFile: false,
    indicatorFields: ['dst.ip', 'http:host.domain', 'http:uri.uri', 'http:user_agent'],
    eventOverrides: {
      http: {
        method: 'POST',
        uri: uriRecord('/submit.php', 'id=1873459234'),
        user_agent: 'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1)',
        files: null,
      },
    },
    weight: 2,
  },
  {
    key: 'dga',
    name: 'Algorithmically Generated Domain Lookup',
    category: 'Attack:Command and Control',
    severity: 'moderate',
    confidence: 'moderate',
    description: 'DNS lookups of high-entropy domains typical of domain generation algorithms.',
    attackId: 'T1568.002',
    specificity: 'tool_implementation',
    querySignature: 'dns:query.domain_entropy > 3.8',
    events: ['dns'],
    repeat: 4,
    target: 'generated-domain',
    withFile: false,
    indicatorFields: ['dns:query.domain', 'dns:answers.ip'],
    weight: 2,
  },
  {
    key: 'bad-sni',
    name: 'TLS Connection to Known Malicious Server Name',
    category: 'Attack:Command and Control',
    severity: 'high',
    confidence: 'moderate',
    description:
      'A TLS handshake named a server that threat intelligence ties to malware operators.',
    attackId: 'T1573.002',
    specificity: 'tool_implementation',
    querySignature: "ssl:server_name_indication.domain IN ('securecorp.club')",
    events: ['dns', 'ssl', 'x509'],
    repeat: 2,
    target: 'malicious-domain',
    withFile: false,
    indicatorFields: ['ssl:server_name_indication.domain', 'dst.ip', 'x509:san_dns'],
    weight: 2,
  },
  {
    key: 'pe-download',
    name: 'Executable Binary Downloaded',
    category: 'Attack:Infection Vector',
    severity: 'low',
    confidence: 'moderate',
    description: 'A Windows executable was transferred in clear text to an internal device.',
    attackId: 'T1204.002',
    specificity: 'tool_implementation',
    querySignature: 'pe:is_exe = true',
    events: ['http', 'pe'],
    repeat: 1,
    target: 'malicious-ip',
    withFile: true,
    indicatorFields: ['pe:file.sha256', 'pe:file.md5', 'pe:file.sha1'],
    weight: 2,
  },
  {
    key: 'ssh-brute',
    name: 'SSH Brute Force Attempt',
    category: 'Attack:Exploitation',
    severity: 'moderate',
    confidence: 'high',
    description: 'Many failed SSH authentications from one external address.',
    attackId: 'T1110',
    specificity: 'procedure',
    querySignature: "ssh:direction = 'inbound' AND ssh:auth_success = false",
    events: ['ssh'],
    repeat: 5,
    target: 'inbound-attacker',
    withFile: false,
    indicatorFields: ['src.ip'],
    eventOverrides: { ssh: { auth_success: false } },
    weight: 2,
  },
  {
    key: 'suricata-trojan',
    name: 'ET TROJAN Signature Match',
    category: 'Attack:Command and Control',
    severity: 'high',
    confidence: 'low',
    description: 'A Suricata trojan signature fired on traffic of this device.',
    attackId: null,
    specificity: 'tool_implementation',
    querySignature: "suricata:sig_name LIKE 'ET TROJAN%'",
    events: ['suricata', 'flow'],
    repeat: 2,
    target: 'malicious-ip',
    withFile: false,
    indicatorFields: ['dst.ip'],
    weight: 2,
  },
  {
    key: 'kerberoast',
    name: 'Kerberoasting: RC4 Service Ticket Requests',
    category: 'Attack:Lateral Movement',
    severity: 'moderate',
    confidence: 'low',
    description: 'A device requested service tickets with RC4 encryption for several services.',
    attackId: 'T1558.003',
    specificity: 'procedure',
    querySignature: "kerberos:request_type = 'TGS' AND kerberos:cipher = 'rc4-hmac'",
    events: ['kerberos'],
    repeat: 3,
    target: 'domain-controller',
    withFile: false,
    indicatorFields: ['kerberos:service'],
    eventOverrides: {
      kerberos: { request_type: 'TGS', cipher: 'rc4-hmac', success: true, error_msg: null },
    },
    weight: 1,
  },
  {
    key: 'exfil',
    name: 'Large Outbound Transfer to Rare Destination',
    category: 'Attack:Exfiltration',
    severity: 'low',
    confidence: 'low',
    description: 'A large upload to an address this tenant has rarely contacted.',
    attackId: 'T1048',
    specificity: 'tool_implementation',
    querySignature: 'flow:upload_percent > 90 AND flow:total_ip_bytes > 100MB',
    events: ['flow'],
    repeat: 2,
    target: 'malicious-ip',
    withFile: false,
    indicatorFields: ['dst.ip'],
    eventOverrides: { flow: { upload_percent: 97.3, total_ip_bytes: 734_003_200, proto: 'tcp' } },
    weight: 1,
  },
  {
    key: 'miner',
    name: 'Cryptocurrency Mining Pool Connection',
    category: 'PUA:Unauthorized Resource Use',
    severity: 'low',
    confidence: 'high',
    description: 'Traffic to a cryptocurrency mining pool.',
    attackId: 'T1496',
    specificity: 'tool_implementation',
    querySignature:
      "http:host.domain LIKE '%pool%' OR ssl:server_name_indication.domain LIKE '%pool%'",
    events: ['http', 'ssl'],
    repeat: 2,
    target: 'malicious-domain',
    withFile: false,
    indicatorFields: ['http:host.domain', 'ssl:server_name_indication.domain', 'dst.ip'],
    weight: 1,
  },
  {
    key: 'idn-lookalike',
    name: 'Internationalized Lookalike Domain',
    category: 'Attack:Infection Vector',
    severity: 'moderate',
    confidence: 'moderate',
    description:
      'Lookup of and connection to an internationalised domain that imitates a known brand.',
    attackId: 'T1583.001',
    specificity: 'procedure',
    querySignature: "dns:query.domain LIKE 'xn--%'",
    events: ['dns', 'ssl'],
    repeat: 1,
    target: 'international-domain',
    withFile: false,
    indicatorFields: ['dns:query.domain', 'ssl:server_name_indication.domain'],
    weight: 1,
  },
  {
    key: 'cleartext-login',
    name: 'Cleartext Credentials over HTTP',
    category: 'Posture:Insecure Configuration',
    severity: 'low',
    confidence: 'moderate',
    description: 'A login form was submitted without TLS.',
    attackId: null,
    specificity: 'procedure',
    querySignature: "http:method = 'POST' AND http:uri.path LIKE '%login%'",
    events: ['http'],
    repeat: 1,
    target: 'malicious-ip',
    withFile: false,
    indicatorFields: ['dst.ip'],
    eventOverrides: { http: { method: 'POST', uri: uriRecord('/login.php', null), files: null } },
    weight: 1,
  },
]
