import { z } from 'zod';
import { orderTypes } from './matrix.ts';

/**
 * The delivery estimate (issue 16 item 5): before an order is sent, the ordering side asks the centre what it
 * can say about the cart: whether each line is in stock and when the order would be delivered, by the
 * centre's own time limits and calendar (DOMAIN §4–§5). Nothing is reserved or stored: it is a question, and
 * the answer may be different when the order arrives. Prices are not part of it: they are the article
 * register's, read by the ordering side itself.
 */

export const estimateLineRequest = z.strictObject({
  articleNumber: z.string().trim().min(1).max(40),
  quantity: z.int().min(1).max(999),
});

export const deliveryEstimateRequest = z.strictObject({
  customerNumber: z.string().trim().min(1).max(40),
  orderType: z.enum(orderTypes),
  urgent: z.boolean(),
  lines: z.array(estimateLineRequest).max(100),
});
export type DeliveryEstimateRequest = z.infer<typeof deliveryEstimateRequest>;

/**
 * A line's stock, as the centre sees it:
 * - `inStock`: a stock item (lagervara) the centre has enough of for this line (after the lines before it);
 * - `notInStock`: a stock item it has too few of: bought from the supplier, so it takes an order item's time;
 * - `orderItem`: an order item (beställningsvara), always bought per order;
 * - `unknown`: the centre does not know the article.
 */
export const estimateStock = ['inStock', 'notInStock', 'orderItem', 'unknown'] as const;
export type EstimateStock = (typeof estimateStock)[number];

export const estimateLine = z.strictObject({
  articleNumber: z.string(),
  stock: z.enum(estimateStock),
  /** How many the centre has in stock (units ready to deliver, or the stock balance); null for an order item or an unknown article. */
  available: z.int().nullable(),
  /** When the line would be delivered if the order came in now (YYYY-MM-DD); null when the centre cannot say. */
  expectedDate: z.iso.date().nullable(),
});
export type EstimateLine = z.infer<typeof estimateLine>;

export const deliveryEstimate = z.strictObject({
  /** In the order of the request's lines. */
  lines: z.array(estimateLine),
  /** The whole order's date: the line with the longest lead time sets it (DOMAIN §4, multi-line order). */
  expectedDate: z.iso.date().nullable(),
});
export type DeliveryEstimate = z.infer<typeof deliveryEstimate>;
