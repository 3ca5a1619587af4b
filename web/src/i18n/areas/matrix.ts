import { defineMessages } from '../define.ts';

// The order matrix made right (issue 15 items 2–10): installation by two trades, consultation offered by booking,
// the urgent acknowledgement, buffer withdrawals registered late, planned dates, prescribing right.
export const matrix = defineMessages(
  {
    'matrix.workOrder.twoTrades': 'Installationen kräver två yrkesgrupper',
    'matrix.workOrder.twoTradesHelp':
      'T.ex. tekniker och elektriker. Då ska installationen vara klar senast 10 arbetsdagar efter leveransen; annars görs den vid leveransen.',
    'matrix.wo.offerBy': 'Tid erbjuds senast {date}',
    'matrix.wo.offeredOn': 'tid bokad {date}',
    'matrix.wo.twoTrades': 'Två yrkesgrupper: klar senast 10 arbetsdagar efter leveransen',
    'matrix.queue.needsPlannedDateOnly': 'Bara rader som saknar planerat datum (mer än 17 arbetsdagar)',
  },
  {
    'matrix.workOrder.twoTrades': 'The installation needs two trades',
    'matrix.workOrder.twoTradesHelp':
      'E.g. a technician and an electrician. It must then be done within 10 working days of the delivery; otherwise it is done at the delivery.',
    'matrix.wo.offerBy': 'Time offered by {date}',
    'matrix.wo.offeredOn': 'booked {date}',
    'matrix.wo.twoTrades': 'Two trades: done within 10 working days of the delivery',
    'matrix.queue.needsPlannedDateOnly': 'Only lines without a planned date (over 17 working days)',
  },
);
