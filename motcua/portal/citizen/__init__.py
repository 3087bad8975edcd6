"""The applicant's own pages: online submission, their dossiers, their data store, ratings."""
