"""JCM (Japan's Joint Crediting Mechanism) projects as pure functions.

Why a package: each approved methodology is one module (its formula) plus one data file (its
ex-ante values, eligibility checklist and monitoring parameters), registered in
``metrics.jcm.registry``; screening, stages and monitoring build on them. No SQL, no I/O
beyond reading the shipped data files.
"""
