"""Every write of the cadres app, by subject: skills, courses and willingness (`skills`),
signals and their contests (`signals`), the optimiser's runs (`proposals`), transfers of
cadres and campaigns (`transfers`). One transaction and one audit event each."""
