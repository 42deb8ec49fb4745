export { API_ROOT, API_URL_PATTERNS, apiPathOf, bearerSub, bodyOf, completion, startRecord, type BeforeRequestDetails, type CompletedDetails, type HeadersDetails, type SeenBody, type SeenRequest } from './seen-request';
export { CLAIM_WAIT_MS, createNetworkLog, MAX_RECORDS, RECORD_TTL_MS, type ClaimQuery, type NetworkLog } from './network-log';
