// What request handlers are given besides the request: each handler declares the narrowest of
// these it needs. The core builds one object with all of them, once.
import type { Authenticator } from '../auth';
import type { Replies } from '../replies';
import type { TurnRequest } from '../request';
import type { CoreParts } from '../state';

/** Answering the request (Binding needs nothing else). */
export interface AnswerServices {
  readonly replies: Replies;
}

/** Everything a TURN request works with: state, output, answers, authentication. */
export interface RequestServices extends CoreParts, AnswerServices {
  readonly auth: Authenticator;
}

export type Handler = (req: TurnRequest, s: RequestServices) => void;
