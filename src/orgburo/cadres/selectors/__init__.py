"""Every read of the cadres app, by subject: skills and courses (`skills`), signals
(`signals`), vacancies, candidates and the pipeline (`vacancies`), transfers (`transfers`)."""
