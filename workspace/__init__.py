"""The seller-workspace shell under /dashboard/shop/: the access mixin, the
menu each domain registers its pages into, the home page, the charts, and the
seller's own pages (order lines, sales, statements, profile, shipping) that the
Oscar fork `sellers` may not serve itself, since forks never import the shell."""
