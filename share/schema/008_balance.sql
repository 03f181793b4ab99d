-- 008_balance.sql - what each customer owes, kept as it changes: the
-- balance of every customer's receivable account ('receivable:C001'),
-- written by lib/ledger.c with each posting to it, so that the credit check
-- of a new order is one look-up however long the customer's history (and
-- its row is what concurrent orders of one customer queue on). Other
-- accounts ('cash', 'sales', 'receivable:platform', ...) are summed when
-- asked: a running total of those would make every order of every
-- customer wait for every other. `shop-order check` proves each balance
-- equals the sum of its postings.
CREATE TABLE account_balance (
	account TEXT PRIMARY KEY,
	balance BIGINT NOT NULL
);
INSERT INTO account_balance (account, balance)
SELECT account, SUM(amount) FROM posting
WHERE substr(account, 1, 11) = 'receivable:' AND account <> 'receivable:platform'
GROUP BY account;

-- a customer's orders by state: the credit check sums those awaiting approval
CREATE INDEX orders_customer ON orders(customer_id, status);
