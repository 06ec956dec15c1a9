/**
 * ThreatINSIGHT's shared Demo and Training tenants. Their data shows up in
 * every customer's answers; it is noise unless the token allows it.
 * @module
 */

/** Account codes and uuids of the test tenants; either form may appear in either field. */
export const TEST_ACCOUNTS: ReadonlySet<string> = new Set([
  'dmo',
  '6bc3d2f1-af77-4236-a9db-17dacd06e4d9',
  'chg',
  'f6f6f836-8bcd-4f5d-bd61-68d303c4f634',
])

/** Whether an `account_uuid` or `customer_id` names a test tenant. */
export function isTestAccount(account: unknown): boolean {
  return typeof account === 'string' && TEST_ACCOUNTS.has(account)
}
