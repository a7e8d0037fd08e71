"""content/vacancies/ read and checked into vacancies, every problem with its file, line and field."""
