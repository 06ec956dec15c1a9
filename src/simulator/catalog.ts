/**
 * Static material the generator draws from: names, domains, user agents,
 * network owners, places. Plain data, so datasets stay readable.
 * @module
 */

/** Well-known benign sites internal hosts talk to. */
export const BENIGN_DOMAINS = [
  'www.google.com',
  'update.microsoft.com',
  'outlook.office365.com',
  'login.microsoftonline.com',
  'api.github.com',
  'cdn.jsdelivr.net',
  'slack.com',
  'zoom.us',
  'www.wikipedia.org',
  's3.amazonaws.com',
  'fonts.gstatic.com',
  'ocsp.digicert.com',
  'time.windows.com',
  'registry.npmjs.org',
  'dl.google.com',
  'www.bbc.co.uk',
] as const

/** Internationalised names: punycode forms and raw Unicode ones, as sensors report both. */
export const INTERNATIONAL_DOMAINS = [
  'xn--80ak6aa92e.com',
  'xn--mnchen-3ya.de',
  'xn--e1afmkfd.xn--p1ai',
  'bücher-shop.de',
  'пример.испытание',
] as const

/** Top-level domains favoured by throwaway infrastructure. */
export const SUSPICIOUS_TLDS = ['club', 'xyz', 'top', 'info', 'biz', 'online', 'site'] as const

/** Words for readable malicious-looking domains. */
export const DOMAIN_WORDS = [
  'secure',
  'update',
  'cloud',
  'login',
  'verify',
  'cdn',
  'portal',
  'sync',
  'mail',
  'account',
  'service',
  'corp',
  'net',
  'data',
] as const

/** Network owners for external addresses. */
export const NETWORK_OWNERS = [
  { asn: 20473, asn_org: 'AS-CHOOPA', isp: 'Vultr Holdings, LLC', org: 'Vultr Holdings, LLC' },
  { asn: 15169, asn_org: 'GOOGLE', isp: 'Google LLC', org: 'Google LLC' },
  { asn: 8075, asn_org: 'MICROSOFT-CORP-MSN-AS-BLOCK', isp: 'Microsoft Corporation', org: null },
  { asn: 16509, asn_org: 'AMAZON-02', isp: 'Amazon.com, Inc.', org: 'Amazon.com, Inc.' },
  { asn: 13335, asn_org: 'CLOUDFLARENET', isp: 'Cloudflare, Inc.', org: null },
  { asn: 14061, asn_org: 'DIGITALOCEAN-ASN', isp: 'DigitalOcean, LLC', org: 'DigitalOcean, LLC' },
  { asn: 24940, asn_org: 'Hetzner Online GmbH', isp: 'Hetzner Online GmbH', org: null },
  { asn: 9009, asn_org: 'M247 Ltd', isp: 'M247 Ltd', org: 'M247 Ltd' },
] as const

/** Places for geo enrichment and sensors. */
export const PLACES = [
  { city: 'Piscataway', country: 'US', subdivision: 'NJ', lat: 40.5511, lon: -74.4606 },
  { city: 'Mountain View', country: 'US', subdivision: 'CA', lat: 37.4056, lon: -122.0775 },
  { city: 'Frankfurt am Main', country: 'DE', subdivision: 'HE', lat: 50.1188, lon: 8.6843 },
  { city: 'Amsterdam', country: 'NL', subdivision: 'NH', lat: 52.3759, lon: 4.8975 },
  { city: 'Singapore', country: 'SG', subdivision: null, lat: 1.2868, lon: 103.8503 },
  { city: 'Moscow', country: 'RU', subdivision: 'MOW', lat: 55.7527, lon: 37.6172 },
  { city: 'São Paulo', country: 'BR', subdivision: 'SP', lat: -23.5475, lon: -46.6361 },
  { city: null, country: 'CN', subdivision: null, lat: 34.7732, lon: 113.722 },
] as const

/** Host name stems for internal machines. */
export const HOSTNAME_STEMS = [
  'FinanceWks',
  'HR-LT',
  'DEV-WS',
  'SALES-LT',
  'ENG-MBP',
  'PRINT',
  'KIOSK',
  'OPS-WS',
] as const

/** User agents seen on HTTP events, with a few tool-looking ones. */
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'Microsoft-CryptoAPI/10.0',
  'Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50',
  'curl/8.4.0',
  'python-requests/2.31.0',
  'FileReceiver',
  'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1)',
] as const

/** File names and their MIME types for transfers. */
export const FILE_KINDS = [
  { ext: 'exe', mime: 'application/x-dosexec' },
  { ext: 'dll', mime: 'application/x-dosexec' },
  { ext: 'zip', mime: 'application/zip' },
  { ext: 'pdf', mime: 'application/pdf' },
  { ext: 'docm', mime: 'application/vnd.ms-word.document.macroEnabled.12' },
  { ext: 'ps1', mime: 'text/plain' },
] as const

/** Suricata signatures (name, category, id). */
export const SURICATA_SIGNATURES = [
  {
    name: 'ET TROJAN Cobalt Strike Beacon Observed',
    category: 'A Network Trojan was detected',
    id: 2027082,
  },
  {
    name: 'ET POLICY PE EXE or DLL Windows file download HTTP',
    category: 'Potential Corporate Privacy Violation',
    id: 2018959,
  },
  {
    name: 'ET SCAN Suspicious inbound to mySQL port 3306',
    category: 'Potentially Bad Traffic',
    id: 2010937,
  },
  {
    name: 'ET INFO Observed DNS Query to .club TLD',
    category: 'Potentially Bad Traffic',
    id: 2027757,
  },
  {
    name: 'ET EXPLOIT Apache log4j RCE Attempt (http ldap)',
    category: 'Attempted Administrator Privilege Gain',
    id: 2034647,
  },
] as const
