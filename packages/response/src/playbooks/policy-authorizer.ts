import type { Command } from '../actions/command.js';
import { evaluatePolicy } from '../policy/evaluate-policy.js';
import type { ResponsePolicy } from '../policy/policy-schema.js';
import type { PolicyContext } from '../policy/policy-types.js';
import type { CommandAuthorizer, CommandRequest } from './commands.js';

/**
 * A {@link CommandAuthorizer} from a tenant's response policy: `openc2-http` commands go through
 * `evaluatePolicy` (`allow`, `require_approval` → `approval`, `deny`), with the context `context`
 * gives for the command (asset facts, recent history; default: only the current time). Commands of
 * other types are outside the action vocabulary: they need approval.
 */
export function policyAuthorizer(
  policy: ResponsePolicy,
  context: (request: CommandRequest) => PolicyContext = () => ({ now: Date.now() }),
): CommandAuthorizer {
  return (request) => {
    if (request.openc2 === undefined) {
      return {
        decision: 'approval',
        reason: `command type '${request.type}' is outside the action vocabulary; a person must approve it`,
      };
    }
    const command = { ...request.openc2, request_id: request.requestId } as Command;
    const decision = evaluatePolicy(policy, command, context(request));
    return {
      decision: decision.decision === 'require_approval' ? 'approval' : decision.decision,
      reason: decision.reasons.join('; '),
      details: decision,
    };
  };
}
