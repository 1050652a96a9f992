import { rpcFrameworkCases } from '../../shared/rpc-steps.js';

export const chargerRpc = rpcFrameworkCases('2.0.1', 'CS');
export const csmsRpc = rpcFrameworkCases('2.0.1', 'CSMS');
