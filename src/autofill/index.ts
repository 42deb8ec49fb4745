export { isSecureOrigin, originOf, parseSiteOrigin, type OriginProblem } from './origin-policy';
