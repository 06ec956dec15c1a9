/**
 * Values every CTIM entity of this relay carries.
 * @module
 */

/** The `source`, `producer`, `source_name` and relation `origin` of every entity. */
export const SOURCE = 'Gigamon ThreatINSIGHT'

/** The CTIM release the entities follow. */
export const SCHEMA_VERSION = '1.3.28'
