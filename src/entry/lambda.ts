/**
 * The AWS Lambda entry (`template.yaml` points here): API Gateway HTTP API (payload 2.0),
 * REST API (payload 1.0) and Function URL events. The app is built during init, at module
 * scope, so every invocation of a warm container reuses its pools and key caches.
 */
import { createLambdaHandler } from '../lambda/create-lambda-handler.ts'

/** The Lambda handler: `index.handler` in the bundle (`npm run build`, which SAM runs too). */
export const handler = await createLambdaHandler(process.env)
