/**
 * The per-key back-off the client checks before each upstream attempt. When
 * ThreatINSIGHT answers 429 with `Retry-After`, the key is blocked until then;
 * a shared implementation (Redis) makes every replica of a fleet respect it.
 * @module
 */

/** Where "this key must wait until" is kept. Implementations hash the key; they never store it. */
export interface UpstreamGate {
  /** Epoch ms before which no call may be made with `apiKey`; undefined when free. */
  blockedUntil(apiKey: string): Promise<number | undefined>
  /** ThreatINSIGHT asked `apiKey` to wait until `untilMs`. */
  block(apiKey: string, untilMs: number): void
}
