/**
 * Secondary MITRE ATT&CK techniques of the simulated rules (the primary one
 * is on the rule template): the sub-technique or neighbouring technique a
 * rule of that kind usually also covers.
 * @module
 */

/** Rule template key → secondary technique id. */
export const SECONDARY_ATTACK_IDS: Readonly<Record<string, string>> = {
  'exe-download': 'T1204.002',
  beacon: 'T1573',
  'bad-sni': 'T1071.001',
  'pe-download': 'T1105',
  'ssh-brute': 'T1021.004',
  kerberoast: 'T1087.002',
}
