/** The isolated content script's composition: bridge end + relay + fill agent. */
export { startAgent, type Agent, type AgentDeps } from './content-script';
