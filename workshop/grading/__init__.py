"""``workshop grade``: grade the learners' submissions, each in a sandbox of its own.

One module per job:

* :mod:`.model`: limits, a grade, a learner's grades, one run's record;
* :mod:`.submission`: reading a submission without trusting it (checked copies);
* :mod:`.sandbox`: where the code runs (bubblewrap, cgroups) and how it is stopped;
* :mod:`.plugin`: the pytest plugin inside each run (time limits, events);
* :mod:`.pytest_main`: what each run starts: pytest, then an exit without Python's teardown;
* :mod:`.runner`: running a class's submissions, the starters first;
* :mod:`.grades`: from a run's events to grades, with credit only for what the learner did;
* :mod:`.report`: the terminal table, the CSV gradebook and the HTML report;
* :mod:`.command`: the ``workshop grade`` command.
"""
