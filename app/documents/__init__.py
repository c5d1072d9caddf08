"""Printed and exported documents (reportlab PDFs, CSV and XLSX). No Qt."""
