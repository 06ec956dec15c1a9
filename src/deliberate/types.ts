/**
 * The CTIM judgement and verdict (CTIM 1.3.28) as this relay fills them, and
 * the `based-on` link from a judgement to its rule's indicator.
 * @module
 */
import type { CtimObservable, Severity } from '../ctim/index.ts'

/** CTIM's disposition numbers this relay gives: 2 Malicious, 3 Suspicious. */
export type Disposition = 2 | 3
/** The name that goes with each {@link Disposition}. */
export type DispositionName = 'Malicious' | 'Suspicious'

/** CTIM's `HighMedLow` vocabulary (a judgement's `confidence`). */
export type HighMedLow = 'Info' | 'Low' | 'Medium' | 'High' | 'None' | 'Unknown'

/** A judgement's or verdict's validity: both ends, never open-ended. */
export interface BoundedValidTime {
  start_time: string
  end_time: string
}

/** A reference back to ThreatINSIGHT or MITRE ATT&CK. */
export interface JudgementReference {
  source_name: string
  description: string
  external_id: string
  url: string
}

/** One judgement per (observable, rule) with a kept detection. */
export interface Judgement {
  type: 'judgement'
  id: string
  schema_version: string
  observable: CtimObservable
  source: string
  source_uri: string
  disposition: Disposition
  disposition_name: DispositionName
  priority: number
  severity: Severity
  confidence: HighMedLow
  valid_time: BoundedValidTime
  reason: string
  reason_uri: string
  external_ids: string[]
  external_references: JudgementReference[]
  tlp: 'amber'
}

/** One verdict per observable with a judgement (CTIM's verdict has no id). */
export interface Verdict {
  type: 'verdict'
  disposition: Disposition
  disposition_name: DispositionName
  observable: CtimObservable
  judgement_id: string
  valid_time: BoundedValidTime
}

/** A judgement is `based-on` its rule's indicator when the observe answer has it. */
export interface BasedOnRelationship {
  type: 'relationship'
  id: string
  schema_version: string
  relationship_type: 'based-on'
  source_ref: string
  target_ref: string
}

/** The judgements of one observable (deciding one first) and its verdict. */
export interface ObservableJudgements {
  judgements: Judgement[]
  verdict?: Verdict
}

/** What the mapping needs besides the detections. */
export interface JudgementContext {
  portalUrl: string
  /** `GTI_JUDGEMENT_VALID_DAYS`. */
  validDays: number
  /** The request's "now" (epoch ms): judgements that end before it are not made. */
  nowMs: number
}
