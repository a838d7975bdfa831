"""Documents people edit and print (DOCX, PDF) from one block model, for programme reports."""
