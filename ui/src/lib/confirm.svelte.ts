// One confirmation dialog for the whole app (ConfirmHost renders it): every
// deletion asks through here, so they all look and behave the same.

export type Choice = 'confirm' | 'alternative' | 'cancel';

export interface ConfirmRequest {
  title: string;
  message: string;
  /** The destructive button's words, e.g. "Delete person". */
  confirmLabel: string;
  /** A safer way out offered beside it, e.g. "Set status to Left instead". */
  alternativeLabel?: string;
}

export const confirmation = $state<{ request: (ConfirmRequest & { answer: (c: Choice) => void }) | null }>({
  request: null,
});

export function choose(request: ConfirmRequest): Promise<Choice> {
  confirmation.request?.answer('cancel');
  return new Promise((resolve) => {
    confirmation.request = { ...request, answer: resolve };
  });
}

export async function confirmAction(request: ConfirmRequest): Promise<boolean> {
  return (await choose(request)) === 'confirm';
}
