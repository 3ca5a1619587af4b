import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { dataOf, fetchClient } from '../../api/client.ts';
import type { Order } from '../../api/types.ts';
import { TextAreaInput } from '../../components/fields.tsx';
import { Btn, Section } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { OrderErrorAlert } from './OrderBits.tsx';
import { formatAmount } from './order-format.ts';

/** Whether the centre has sent a quote nobody has answered yet (as the server decides in answer-quote.ts). */
export function quoteAwaitingAnswer(o: Order): boolean {
  if (o.orderType !== 'workOrder' || ['cancelled', 'done', 'delivered'].includes(o.status)) return false;
  const sent = o.timeline.filter((e) => e.type === 'quoteSent').length;
  return sent > o.timeline.filter((e) => e.type === 'quoteAnswered').length;
}

/**
 * Special adaptation: the centre's quote on the prescriber's order page, with "Godkänn offert" / "Avböj"
 * for the prescribers and orderers of the order's customer (who answer for its cost-responsible).
 */
export function QuoteAnswer({ order: o, onChanged }: { order: Order; onChanged: (o: Order) => void }) {
  const { t } = useI18n();
  const { user, hasRole } = useSession();
  const [comment, setComment] = useState('');
  const answering = useMutation({
    mutationFn: (approved: boolean) =>
      fetchClient.POST('/api/orders/{id}/quote-answer', { params: { path: { id: o.id } }, body: { approved, comment: comment.trim() || null } }).then(dataOf),
    onSuccess: onChanged,
  });
  const pending = answering.isPending ? (answering.variables ? 'approve' : 'decline') : null;
  const error = answering.error;
  if (!quoteAwaitingAnswer(o)) return null;
  const quote = [...o.timeline].reverse().find((e) => e.type === 'quoteSent');
  const mayAnswer = hasRole('prescriber', 'orderer') && !!user?.customerIds.includes(o.customer.id);

  const answer = (approved: boolean) => answering.mutate(approved);

  return (
    <Section title={t('order.quote.title')} id="quote">
      <p>{t('order.quote.amount', { amount: formatAmount(quote?.data.amount) })}</p>
      {quote?.data.text ? <p>{String(quote.data.text)}</p> : null}
      {mayAnswer ? (
        <>
          <p className="help-text">{t('order.quote.help')}</p>
          <TextAreaInput label={t('order.quote.comment')} name="quoteComment" value={comment} onChange={setComment} maxLength={1000} rows={2} />
          <OrderErrorAlert error={error} />
          <div className="button-row">
            <Btn variant="primary" onPress={() => answer(true)} isPending={pending === 'approve'} isDisabled={pending !== null}>
              {t('order.quote.approve')}
            </Btn>
            <Btn variant="danger" onPress={() => answer(false)} isPending={pending === 'decline'} isDisabled={pending !== null}>
              {t('order.quote.decline')}
            </Btn>
          </div>
        </>
      ) : (
        <p className="help-text">{t('order.quote.notYours')}</p>
      )}
    </Section>
  );
}
